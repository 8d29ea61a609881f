package dev.pagerace.model;

import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.List;

/** The core of a lock actor: rwsem, mutex, spinlock or rwlock (semantics in {@link LockState}). */
public final class LockCore implements ModelObject {
    private final Program program;
    private final Program.LockInfo info;
    private final LockState state;
    /** The request each waiter is blocked in (its subclass and context decide the acquisition's class and kind). */
    private final java.util.Map<Integer, Msg.LockReq> waiting = new java.util.HashMap<>(); // point lookups only

    public LockCore(Program program, Program.LockInfo info) {
        this(program, info, new LockState(info.kind()));
    }

    private LockCore(Program program, Program.LockInfo info, LockState state) {
        this.program = program;
        this.info = info;
        this.state = state;
    }

    @Override public ModelObject copy() {
        LockCore c = new LockCore(program, info, state.copy());
        c.waiting.putAll(waiting); // requests are immutable records
        return c;
    }

    @Override public void fingerprint(Fingerprint f) {
        state.fingerprint(f);
        // waiters' requests (subclass, context), keyed by task: hash them order-free
        long sum = 0;
        for (var e : waiting.entrySet()) {
            sum += Fingerprint.mix(Fingerprint.mix(f.taskName(e.getKey()) + 1L) + 31L * e.getValue().subclass() + (e.getValue().interrupt() ? 7 : 0));
        }
        f.add(waiting.size()).add(sum);
    }

    @Override public void deliver(Envelope env, RunServices rs, Effects fx) {
        Msg.LockReq req = (Msg.LockReq) env.msg();
        int task = env.task();
        Msg.LockOp op = req.op();
        if (!op.fits(info.kind().shared())) {
            fx.fault(task, req.site().pos(), "'" + op.label + "' on " + info.name() + ", a " + info.kind().label()
                + (info.kind().shared() ? ": use down_read/down_write" : ": use lock/unlock"));
            return;
        }
        Mode mode = op.mode();
        if (op == Msg.LockOp.RELEASE_HELD && state.holder(task) != null) mode = state.holder(task).mode();
        if (op.release()) {
            if (state.release(task, mode) == null) {
                Mode other = mode == Mode.READ ? Mode.WRITE : Mode.READ;
                String held = state.holder(task) != null && state.holder(task).mode() == other ? " (it holds it for " + other.label() + ")" : "";
                fx.fault(task, req.site().pos(), program.name(task) + " releases " + info.name() + " which it does not hold" + held);
                return;
            }
            fx.event(new Event.Released(task, info.name(), mode));
            fx.reply(info.addr(), task, Value.None.NONE);
            handOver(fx);
            return;
        }
        if (!op.trylock()) {
            fx.event(new Event.Attempt(task, info.name(), cls(req), mode, req.site(), info.inode(), -1, recursive(req, mode), info.untracked()));
            if (info.kind() != dev.pagerace.program.LockKind.SPINLOCK) {
                fx.event(new Event.MightSleep(task, op.label, info.name(), req.site()));
            }
        }
        if (state.admits(mode, req.interrupt())) {
            state.grant(task, mode, req.site());
            fx.event(acquired(task, mode, req));
            fx.reply(info.addr(), task, Value.Int.of(1));
            fx.outcome("acquired");
            return;
        }
        if (op.trylock()) {
            fx.reply(info.addr(), task, Value.Int.of(0));
            if (fx.tracing()) fx.outcome("busy: " + busyReason());
            return;
        }
        String why = busyReason(); // before queueing: what this task finds; the deadlock report quotes it
        state.enqueue(task, mode, req.site(), req.interrupt());
        waiting.put(task, req);
        LockState.Waiter me = state.waiters().get(state.waiters().size() - 1);
        fx.event(new Event.Blocked(task, info.name(), mode, req.site(), why, state.waitsFor(me)));
        if (fx.tracing()) fx.outcome("blocked: " + why);
    }

    private Event.Acquired acquired(int task, Mode mode, Msg.LockReq req) {
        return new Event.Acquired(task, info.name(), cls(req), mode, req.site(), info.inode(), -1, recursive(req, mode), info.untracked());
    }

    /** The lockdep class of this acquisition: the lock's class, with a non-zero subclass appended as lockdep prints it. */
    private String cls(Msg.LockReq req) {
        return req.subclass() == 0 ? info.cls() : info.cls() + "/" + req.subclass();
    }

    /**
     * lockdep's read_lock_is_recursive(): with queued rwlocks a read_lock()
     * is a recursive read only in interrupt context; down_read() never is.
     */
    private boolean recursive(Msg.LockReq req, Mode mode) {
        return mode == Mode.READ && info.kind() == dev.pagerace.program.LockKind.RWLOCK && req.interrupt();
    }

    private String busyReason() {
        String holders = state.describeHolders(program::name);
        StringBuilder b = new StringBuilder();
        if (!holders.isEmpty()) b.append("held by ").append(holders);
        if (!state.waiters().isEmpty()) {
            if (b.length() > 0) b.append(", ");
            b.append(state.waiters().size()).append(" already waiting");
            LockState.Waiter head = state.waiters().get(0);
            if (head.mode() == Mode.WRITE && info.kind().shared()) b.append(" (writer ").append(program.name(head.task())).append(" first)");
        }
        return b.toString();
    }

    /** After a release: grant whoever may have the lock now, and refresh the wait edges of the rest. */
    private void handOver(Effects fx) {
        List<LockState.Waiter> granted = state.handOver(info.addr(), fx,
            w -> acquired(w.task(), w.mode(), waiting.remove(w.task())), this::busyReason);
        if (fx.tracing()) {
            StringBuilder note = new StringBuilder("released");
            for (int i = 0; i < granted.size(); i++) note.append(i == 0 ? "; hands over to " : ", ").append(program.name(granted.get(i).task()));
            fx.outcome(note.toString());
        }
    }
}
