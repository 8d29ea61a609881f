package dev.pagerace.model;

import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.List;

/** The core of a lock actor: rwsem, mutex, spinlock or rwlock (semantics in {@link LockState}). */
public final class LockCore implements ModelObject {
    private final Program program;
    private final Program.LockInfo info;
    private final LockState state;
    /** Waiters that asked as lock_two's second lock. */
    private final java.util.List<Integer> nestedWaiters = new java.util.ArrayList<>(1);

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
        c.nestedWaiters.addAll(nestedWaiters);
        return c;
    }

    @Override public void fingerprint(Fingerprint f) {
        state.fingerprint(f);
        // a set (removed by value at hand-over): hash it order-free
        long sum = 0;
        for (int t : nestedWaiters) sum += Fingerprint.mix(f.taskName(t) + 1L);
        f.add(nestedWaiters.size()).add(sum);
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
            fx.event(new Event.Attempt(task, info.name(), info.cls(), mode, req.site(), info.inode(), -1, req.nested()));
            if (info.kind() != dev.pagerace.program.LockKind.SPINLOCK) {
                fx.event(new Event.MightSleep(task, op.label + " " + info.name(), req.site()));
            }
        }
        if (state.admits(mode)) {
            state.grant(task, mode, req.site());
            fx.event(acquired(task, mode, req.site(), req.nested()));
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
        state.enqueue(task, mode, req.site());
        if (req.nested()) nestedWaiters.add(task);
        LockState.Waiter me = state.waiters().get(state.waiters().size() - 1);
        fx.event(new Event.Blocked(task, info.name(), mode, req.site(), why, state.waitsFor(me)));
        fx.outcome("blocked: " + why);
    }

    private Event.Acquired acquired(int task, Mode mode, Site site, boolean nested) {
        return new Event.Acquired(task, info.name(), info.cls(), mode, site, info.inode(), -1, nested);
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
            w -> acquired(w.task(), w.mode(), w.site(), nestedWaiters.remove((Integer) w.task())), this::busyReason);
        if (fx.tracing()) {
            StringBuilder note = new StringBuilder("released");
            for (int i = 0; i < granted.size(); i++) note.append(i == 0 ? "; hands over to " : ", ").append(program.name(granted.get(i).task()));
            fx.outcome(note.toString());
        }
    }
}
