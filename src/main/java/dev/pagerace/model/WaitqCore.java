package dev.pagerace.model;

import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The core of a wait queue actor. {@code wait Q releasing L} enqueues the
 * task and only then sends the release of L (prepare_to_wait; spin_unlock;
 * schedule), so a {@code wake_all} that follows the release always finds the
 * waiter: no lost wakeup. A plain {@code wait} after the condition was
 * checked without the lock can miss its wakeup, and the run then stalls.
 */
public final class WaitqCore implements ModelObject {
    private final Program program;
    private final Program.WaitqInfo info;
    private final List<Integer> waiters = new ArrayList<>();

    public WaitqCore(Program program, Program.WaitqInfo info) {
        this.program = program;
        this.info = info;
    }

    public List<Integer> waiters() { return waiters; }

    @Override public ModelObject copy() {
        WaitqCore c = new WaitqCore(program, info);
        c.waiters.addAll(waiters);
        return c;
    }

    @Override public void fingerprint(Fingerprint f) {
        f.add(waiters.size());
        for (int t : waiters) f.task(t);
    }

    @Override public void deliver(Envelope env, RunServices rs, Effects fx) {
        Msg.WaitqReq req = (Msg.WaitqReq) env.msg();
        int task = env.task();
        if (req.wake()) {
            StringBuilder note = fx.tracing() ? new StringBuilder() : null;
            fx.event(new Event.Wake(task, info.name(), waiters.size(), req.site()));
            for (int w : waiters) {
                fx.send(w, w, new Msg.Woken(info.addr()));
                fx.event(new Event.Unblocked(w));
                if (note != null) note.append(note.length() == 0 ? "wakes " : ", ").append(program.name(w));
            }
            waiters.clear();
            fx.reply(info.addr(), task, Value.None.NONE);
            if (note != null) fx.outcome(note.length() == 0 ? "nobody waiting" : note.toString());
            return;
        }
        waiters.add(task);
        fx.event(new Event.MightSleep(task, "wait", info.name(), req.site(),
            req.releaseLock() >= 0 ? program.name(req.releaseLock()) : null));
        fx.event(new Event.Blocked(task, info.name(), null, req.site(), "sleeps until wake_all " + info.name(), new int[0]));
        if (req.releaseLock() >= 0) {
            fx.send(req.releaseLock(), task, new Msg.LockReq(req.releaseOp(), req.site()));
            if (fx.tracing()) fx.outcome("queued; then releases " + program.name(req.releaseLock()));
        } else {
            fx.outcome("queued");
        }
    }
}
