package dev.pagerace.cli;

import dev.pagerace.engine.dfs.DfsOptions;
import picocli.CommandLine.Option;

/** The exhaustive search's switches and bounds, shared by {@code run} and {@code check} (used with {@code --strategy dfs}). */
final class DfsFlags {
    @Option(names = "--no-symmetry", description = "dfs: do not identify states that differ only by which instance of a task group is which")
    boolean noSymmetry;

    @Option(names = "--no-por", description = "dfs: no sleep-set partial-order reduction")
    boolean noPor;

    @Option(names = "--no-state-hashing", description = "dfs: no visited set (stateless: walks every path; counts interleavings)")
    boolean noStateHashing;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "0", description = "dfs: deliveries on one path (default: the scenario's max_steps)")
    long maxDepth;

    @Option(names = "--preemption-bound", paramLabel = "K", defaultValue = "-1",
        description = "dfs: at most K switches away from a task that could go on (CHESS context bounding; default: none)")
    int preemptionBound;

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "0", description = "dfs: stop after N stored states (default: none; a search also stops once live states pass 75 % of the heap: docs/search.md)")
    long maxStates;

    DfsOptions options() {
        return new DfsOptions(!noStateHashing, !noSymmetry, !noPor, maxDepth, preemptionBound, maxStates);
    }
}
