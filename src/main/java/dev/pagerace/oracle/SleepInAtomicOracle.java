package dev.pagerace.oracle;

import dev.pagerace.model.Event;

/** might_sleep() with a spinlock held: a sleeping lock, a page lock, a wait queue or an allocation. */
public final class SleepInAtomicOracle implements Oracle {
    @Override public Violation onEvent(Event e, RunState s) {
        if (!(e instanceof Event.MightSleep m)) return null;
        for (RunState.Held h : s.held(m.task())) {
            if (h.spin() && !h.resource().equals(m.releasing())) {
                return new Violation.SleepInAtomic(s.program.name(m.task()), m.what(), h.resource(), h.site().where(),
                    m.site().where(), m.site().stack("    "));
            }
        }
        return null;
    }
}
