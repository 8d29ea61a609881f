package dev.pagerace.engine;

import dev.pagerace.program.ChoiceKind;

/**
 * Decides every nondeterministic choice of a run: which pending message is
 * delivered next, {@code rand}, {@code choose}, whether an alloc reclaims,
 * where pick_page starts. Only called for {@code n >= 2}.
 */
public interface Strategy {
    String name();

    /** An index in {@code [0, n)}. */
    int choose(ChoiceKind kind, int n);

    /**
     * Which pending message is delivered next (an index into {@code pending},
     * which holds at least two, in send order). Each envelope names the task
     * it acts for, so task-aware strategies (pct, fair) can pick by task; the
     * default treats it as a plain choice among {@code pending.size()}.
     */
    default int chooseDelivery(java.util.List<dev.pagerace.model.Envelope> pending) {
        return choose(ChoiceKind.DELIVERY, pending.size());
    }

    /**
     * Whether runs under this strategy judge liveness (starvation). Only a
     * fair strategy may: under uniform-over-messages random a task's progress
     * depends on how many messages it has in flight, and pct starves
     * low-priority tasks by design, so a long-pending op there says nothing
     * about the protocol (see docs/search.md).
     */
    default boolean judgesLiveness() { return false; }

    /** Non-null once a replayed schedule stopped fitting the run; the run then ends as diverged. */
    default String divergence() { return null; }

    /**
     * Builds a strategy for one run from its text form ({@code random},
     * {@code fair}, {@code pct(d=3,k=400)}: see {@link StrategySpec}) and seed.
     * A pct spec must have its k resolved.
     */
    static Strategy named(String spec, long seed) {
        return StrategySpec.parse(spec).create(seed);
    }

    java.util.List<String> NAMES = StrategySpec.NAMES;
}
