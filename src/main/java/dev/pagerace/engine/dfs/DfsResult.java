package dev.pagerace.engine.dfs;

import dev.pagerace.engine.RunResult;
import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.Violation;
import java.util.List;

/**
 * What an exhaustive search found. {@code states}: distinct states stored
 * (with state hashing; without it, every node of the search tree);
 * {@code transitions}: deliveries executed, each with one vector of inner
 * choices; {@code executions}: paths that ended (every task done, or a
 * stall) in a state not seen before. {@code bounds} names the bounds that cut
 * the search (empty: none did). A violation comes with {@code counterexample},
 * a traced run replayed from the path the search took (its schedule replays
 * with {@code pagerace replay}); a lock-order cycle of the edges unioned over
 * the whole search comes in {@code lockOrder}, with no single run, and the
 * edges themselves in {@code edges}, so the searches of several subtrees
 * can be judged together.
 */
public record DfsResult(Verdict verdict, String kind, long states, long transitions, long executions, long maxDepth,
                        double seconds, List<String> bounds, RunResult counterexample, List<Violation.LockOrder> lockOrder,
                        String options, long visitedBytes, List<LockEdge> edges) {
    public enum Verdict { VIOLATION, EXHAUSTED, BOUND_REACHED, MODEL_ERROR }

    /** The one-line verdict: {@code exhausted: 2,744 states, 5,535 transitions, no violation}. */
    public String line() {
        String counts = String.format("%,d states, %,d transitions", states, transitions)
            + (executions > 0 ? String.format(", %,d executions", executions) : "");
        return switch (verdict) {
            case EXHAUSTED -> "exhausted: " + counts + ", no violation";
            case BOUND_REACHED -> "bound reached (" + String.join(", ", bounds) + "): " + counts + " covered, no violation found";
            case VIOLATION -> "violation: " + kind + " after " + counts + (bounds.isEmpty() ? "" : " (bounds reached: " + String.join(", ", bounds) + ")");
            case MODEL_ERROR -> "model error after " + counts;
        };
    }

    public boolean clean() { return verdict == Verdict.EXHAUSTED || verdict == Verdict.BOUND_REACHED; }
}
