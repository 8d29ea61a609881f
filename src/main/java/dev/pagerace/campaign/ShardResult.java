package dev.pagerace.campaign;

import dev.pagerace.engine.dfs.DfsResult;
import dev.pagerace.oracle.LockEdge;
import java.util.List;

/**
 * What one subtree's search found, as it crosses nodes and is journaled:
 * the verdict ({@link DfsResult.Verdict}'s name), the violation kind, the
 * counts, the bounds that cut it, a counterexample's replayable schedule
 * (null when none), and the lock-class dependencies of every transition it
 * ran, so the driver can look for cycles over the union of all subtrees.
 */
public record ShardResult(String verdict, String kind, long states, long transitions, long executions, long deepest,
                          double seconds, List<String> bounds, String schedule, List<LockEdge> edges) implements CrossNode {
    public static ShardResult of(DfsResult d) {
        return new ShardResult(d.verdict().name(), d.kind(), d.states(), d.transitions(), d.executions(), d.maxDepth(), d.seconds(),
            List.copyOf(d.bounds()), d.counterexample() == null ? null : d.counterexample().schedule().encode(), List.copyOf(d.edges()));
    }

    public DfsResult.Verdict verdictValue() { return DfsResult.Verdict.valueOf(verdict); }
}
