package dev.pagerace.engine.dfs;

/**
 * How the exhaustive search runs. {@code stateHashing}: keep a visited set of
 * state fingerprints (off: a stateless search that walks every path, which
 * counts interleavings). {@code symmetry}: identify states that differ only
 * by a permutation of the instances of one {@code task NAME * COUNT} group.
 * {@code por}: sleep sets (Godefroid 1996). Bounds: {@code maxDepth}
 * deliveries on a path (0: the scenario's max_steps), {@code preemptionBound}
 * switches away from a task that could go on (-1: none; CHESS's iterative
 * context bounding, Musuvathi and Qadeer 2007), {@code maxStates} stored
 * states (0: none).
 */
public record DfsOptions(boolean stateHashing, boolean symmetry, boolean por, long maxDepth, int preemptionBound, long maxStates) {
    public static DfsOptions defaults() { return new DfsOptions(true, true, true, 0, -1, 0); }

    public DfsOptions withStateHashing(boolean on) { return new DfsOptions(on, symmetry, por, maxDepth, preemptionBound, maxStates); }

    public DfsOptions withSymmetry(boolean on) { return new DfsOptions(stateHashing, on, por, maxDepth, preemptionBound, maxStates); }

    public DfsOptions withPor(boolean on) { return new DfsOptions(stateHashing, symmetry, on, maxDepth, preemptionBound, maxStates); }

    public DfsOptions withMaxDepth(long d) { return new DfsOptions(stateHashing, symmetry, por, d, preemptionBound, maxStates); }

    public DfsOptions withPreemptionBound(int b) { return new DfsOptions(stateHashing, symmetry, por, maxDepth, b, maxStates); }

    public DfsOptions withMaxStates(long n) { return new DfsOptions(stateHashing, symmetry, por, maxDepth, preemptionBound, n); }

    /** The switches that differ from the defaults, as CLI options, for reports and rerun commands. */
    public String flags() {
        StringBuilder b = new StringBuilder();
        if (!stateHashing) b.append(" --no-state-hashing");
        if (!symmetry) b.append(" --no-symmetry");
        if (!por) b.append(" --no-por");
        if (maxDepth > 0) b.append(" --max-depth ").append(maxDepth);
        if (preemptionBound >= 0) b.append(" --preemption-bound ").append(preemptionBound);
        if (maxStates > 0) b.append(" --max-states ").append(maxStates);
        return b.toString();
    }
}
