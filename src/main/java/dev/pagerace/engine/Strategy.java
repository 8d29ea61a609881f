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

    /** Non-null once a replayed schedule stopped fitting the run; the run then ends as diverged. */
    default String divergence() { return null; }

    /** Builds a strategy for one run from its name and seed. */
    static Strategy named(String name, long seed) {
        return switch (name) {
            case "random" -> new RandomStrategy(seed);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "' (random; replay is used by 'pagerace replay')");
        };
    }

    java.util.List<String> NAMES = java.util.List.of("random");
}
