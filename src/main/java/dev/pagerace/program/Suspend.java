package dev.pagerace.program;

/**
 * Thrown by expression evaluation when it needs something from outside the
 * task (a shared operation, a read of shared state, a path call): the task
 * records what it needs, suspends, and re-evaluates the instruction once the
 * answer arrives. One instance, no stack trace: it is control flow.
 */
public final class Suspend extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final Suspend INSTANCE = new Suspend();

    private Suspend() {
        super(null, null, false, false);
    }
}
