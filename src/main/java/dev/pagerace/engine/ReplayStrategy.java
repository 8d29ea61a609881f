package dev.pagerace.engine;

import dev.pagerace.program.ChoiceKind;

/**
 * Replays a recorded schedule as a prefix, then hands over to a fallback
 * strategy (or, with none, reports that the schedule ended early). When a
 * recorded choice no longer fits (another kind, another number of options)
 * it records where and why, and the run ends as diverged.
 */
public final class ReplayStrategy implements Strategy {
    private final Schedule recorded;
    private final Strategy fallback;
    private final boolean liveness;
    private int next;
    private String divergence;

    public ReplayStrategy(Schedule recorded, Strategy fallback) {
        this(recorded, fallback, fallback != null && fallback.judgesLiveness());
    }

    /**
     * {@code liveness}: whether the recorded run judged starvation (it was
     * made under fair). The replay must judge as the original did, or a run
     * that went on past the starvation bound under random would stop early.
     */
    public ReplayStrategy(Schedule recorded, Strategy fallback, boolean liveness) {
        this.recorded = recorded;
        this.fallback = fallback;
        this.liveness = liveness;
    }

    @Override public String name() {
        return (fallback == null ? "replay" : "replay+" + fallback.name()) + (liveness && fallback == null ? " of fair" : "");
    }

    @Override public boolean judgesLiveness() { return liveness; }

    @Override public int choose(ChoiceKind kind, int n) {
        if (next < recorded.size()) {
            Schedule.Choice c = recorded.get(next);
            if (c.kind() != kind || c.n() != n) {
                diverge("at choice " + next + " the schedule recorded a " + c.kind().label() + " choice among " + c.n()
                    + ", but the run now makes a " + kind.label() + " choice among " + n);
                return 0;
            }
            next++;
            return c.value();
        }
        if (fallback != null) return fallback.choose(kind, n);
        diverge("the schedule ended after " + recorded.size() + " choices, but the run needs more (" + kind.label() + " among " + n + ")");
        return 0;
    }

    @Override public int chooseDelivery(java.util.List<dev.pagerace.model.Envelope> pending) {
        if (next >= recorded.size() && fallback != null) return fallback.chooseDelivery(pending);
        return choose(ChoiceKind.DELIVERY, pending.size());
    }

    private void diverge(String why) {
        if (divergence == null) divergence = why;
    }

    @Override public String divergence() { return divergence; }
}
