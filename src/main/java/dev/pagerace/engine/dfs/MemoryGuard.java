package dev.pagerace.engine.dfs;

/**
 * The exhaustive search's memory bound: a search stops with the bound
 * {@code memory} before the heap runs out, instead of ending in an
 * {@link OutOfMemoryError} (a breadth-first level, the dfs stack and the
 * visited set all grow with the state space).
 * <p>
 * {@link #heap} measures the live heap: when the heap in use passes the share
 * of the maximum heap, it collects garbage once and measures again, so
 * garbage never stops a search, only live states do. Where the search stops
 * therefore depends on the collector and the heap size, unlike every other
 * bound; the report names the stored-state count it stopped at, and
 * {@code --max-states} with that count stops at the same place on any
 * machine.
 */
public interface MemoryGuard {
    /** True when the search should stop now; called at most once per expanded node. */
    boolean exhausted();

    /** Never stops: for searches bounded some other way. */
    MemoryGuard NONE = () -> false;

    /** The share of the maximum heap a search may keep live (the rest: the JVM's own, a campaign's runs, the counterexample's replay). */
    double DEFAULT_SHARE = 0.75;

    /**
     * Stops once more than {@code share} of the maximum heap is live after a
     * full collection, measured every {@code every} calls. It collects when
     * the heap in use reaches the share and, after the first time, also half
     * the room the last measurement left: near the limit, a collection at
     * every check would cost more than the search.
     */
    static MemoryGuard heap(double share, int every) {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long limit = (long) (max * share);
        return new MemoryGuard() {
            private int calls;
            private long live = -1; // unmeasured

            @Override public boolean exhausted() {
                if (++calls < every) return false;
                calls = 0;
                if (rt.totalMemory() - rt.freeMemory() < (live < 0 ? limit : Math.max(limit, live + (max - live) / 2))) return false;
                System.gc(); // a full collection: what is left is live (garbage passes the limit often, between collections)
                live = rt.totalMemory() - rt.freeMemory();
                return live >= limit;
            }
        };
    }

    static MemoryGuard heap() { return heap(DEFAULT_SHARE, 256); }
}
