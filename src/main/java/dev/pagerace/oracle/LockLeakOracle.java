package dev.pagerace.oracle;

import dev.pagerace.model.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * lock_leak: a task ends while it still holds a lock or a page lock.
 *
 * <p>Flags: at a task's end ({@link Event.TaskDone}), every lock, rwsem side,
 * spinlock and page lock it still holds, with where it took each. This is
 * lockdep's "lock held when returning to user space!" (lockdep_sys_exit()):
 * a task of the model is one system call or kernel thread pass, so ending
 * with a lock held leaks it to whoever comes next.
 *
 * <p>Does not flag: the {@code fs_reclaim} pseudo-lock (released when the
 * reclaim path returns, never leaked); a task that ends by a failed assert or
 * a model error (the run reports those instead). Not fatal: the run goes on,
 * so the waiters the leak strands are reported too (as a stall).
 */
public final class LockLeakOracle implements Oracle {
    @Override public Violation onEvent(Event e, RunState s) {
        if (!(e instanceof Event.TaskDone d)) return null;
        List<Violation.Holding> leaked = new ArrayList<>();
        for (RunState.Held h : s.held(d.task())) {
            if (!h.cls().equals(dev.pagerace.model.TaskCore.FS_RECLAIM)) leaked.add(s.holding(d.task(), h));
        }
        return leaked.isEmpty() ? null : new Violation.LockLeak(s.program.name(d.task()), leaked);
    }
}
