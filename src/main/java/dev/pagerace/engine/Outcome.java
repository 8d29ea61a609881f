package dev.pagerace.engine;

import dev.pagerace.oracle.Violation;

/** How a run ended. */
public sealed interface Outcome {
    /** Every task finished and no oracle fired. */
    record Clean() implements Outcome {}

    record Violated(Violation violation) implements Outcome {}

    /** The scenario itself is wrong (see {@link dev.pagerace.program.ModelError}): not a kernel finding. */
    record ModelFault(String task, String message, String where) implements Outcome {}

    /** {@code max_steps} deliveries passed: neither clean nor a violation. */
    record Inconclusive(long steps) implements Outcome {}

    /** A replayed schedule no longer fits the run (the scenario changed, or the schedule is for another variant). */
    record Diverged(String message) implements Outcome {}

    default String label() {
        if (this instanceof Clean) return "clean";
        if (this instanceof Violated v) return v.violation().kind();
        if (this instanceof ModelFault) return "model_error";
        if (this instanceof Inconclusive) return "inconclusive";
        return "diverged";
    }
}
