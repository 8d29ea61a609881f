package dev.pagerace.oracle;

import dev.pagerace.model.Event;

/**
 * sleep_in_atomic: might_sleep() in atomic context ("BUG: sleeping function
 * called from invalid context", __might_sleep()).
 *
 * <p>Flags: a request that may sleep (a sleeping lock or rwsem, a page lock,
 * a wait queue, an allocation that may reclaim directly) made while the task
 * holds a spinlock, or while it is in interrupt context ({@code in_irq}).
 *
 * <p>Does not flag: trylocks (they never sleep), taking a spinlock,
 * {@code alloc nowait|atomic} (no direct reclaim), and {@code wait Q releasing
 * L} for the spinlock L it drops before sleeping (prepare_to_wait();
 * spin_unlock(); schedule()).
 */
public final class SleepInAtomicOracle implements Oracle {
    @Override public Violation onEvent(Event e, RunState s) {
        if (!(e instanceof Event.MightSleep m)) return null;
        if (s.interrupt(m.task()) != null) {
            return new Violation.SleepInAtomic(s.program.name(m.task()), m.what(), "(interrupt context)", s.interrupt(m.task()).where(),
                m.site().where(), m.site().stack("    "));
        }
        for (RunState.Held h : s.held(m.task())) {
            if (h.spin() && !h.resource().equals(m.releasing())) {
                return new Violation.SleepInAtomic(s.program.name(m.task()), m.what(), h.resource(), h.site().where(),
                    m.site().where(), m.site().stack("    "));
            }
        }
        return null;
    }
}
