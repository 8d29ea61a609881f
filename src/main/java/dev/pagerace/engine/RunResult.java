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
}
