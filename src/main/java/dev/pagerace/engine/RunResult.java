package dev.pagerace.engine;

import dev.pagerace.oracle.LockEdge;
import java.util.List;

/**
 * The result of one run: what it was (scenario, variant, strategy, seed), how
 * it ended, how many deliveries it took, the schedule that replays it, the
 * trace when the run was traced, the lock-class dependencies it showed, how
 * long each finished op took (in deliveries), and every violation it showed
 * (the first of each kind, in order; the outcome names the first), and its
 * lock_stat: per lock class and mode, acquisitions, contentions, wait and
 * hold times (empty for the copies the exhaustive search drives).
 */
public record RunResult(String scenario, String variant, String strategy, long seed,
                        Outcome outcome, long steps, Schedule schedule, String trace,
                        List<LockEdge> lockEdges, List<OpTime> opTimes,
                        List<dev.pagerace.oracle.Violation> violations,
                        List<dev.pagerace.stats.LockStatCollector.Use> lockUse) {

    /**
     * One {@code op}: its name, the task group that ran it, and its latency in
     * deliveries; {@code finished} false for an op still pending when the run
     * ended (a starved punch), with how long it had been pending.
     */
    public record OpTime(String op, String group, long deliveries, boolean finished) {}

    /**
     * The seed of a run replayed from a schedule alone: {@code replay}
     * re-runs the schedule's choices, and no seed takes part, so none is
     * printed as if it had.
     */
    public static final long NO_SEED = Long.MIN_VALUE;

    /** How the run was seeded, for headers and verdicts: {@code seed 7}, or that a schedule was replayed. */
    public String seedLabel() { return seedLabel(seed); }

    public static String seedLabel(long seed) {
        return seed == NO_SEED ? "replayed schedule (seed not known)" : "seed " + seed;
    }
}
