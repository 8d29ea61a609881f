package dev.pagerace.oracle;

import dev.pagerace.model.Event;

/**
 * One kind of check over a run. It sees every event after {@link RunState}
 * has applied it, and is asked once more after each delivery; the first
 * violation any oracle returns ends the run.
 */
public interface Oracle {
    default Violation onEvent(Event e, RunState s) { return null; }

    default Violation afterDelivery(RunState s) { return null; }

    /** Asked once when nothing is left to deliver (every task finished, or the run stalled). */
    default Violation atEnd(RunState s) { return null; }
}
