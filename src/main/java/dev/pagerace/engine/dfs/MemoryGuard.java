package dev.pagerace.engine.dfs;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The exhaustive search's memory bound: a search stops with the bound
 * {@code memory} before the heap runs out, instead of ending in an
 * {@link OutOfMemoryError} (a breadth-first level, the dfs stack and the
 * visited set all grow with the state space).
 * <p>
 * {@link #heap} judges live data, not garbage: it reads what the JVM's own
 * latest collection left, and only when that passes the share of the
 * maximum heap does it collect everything once and measure what is live.
 * Where the search stops therefore depends on the collector and the heap
 * size, unlike every other bound; the report names the stored-state count it
 * stopped at, and {@code --max-states} with that count stops at the same
 * place on any machine.
 */
public interface MemoryGuard {
    /** True when the search should stop now; called at most once per expanded node. */
    boolean exhausted();

    /** Never stops: for searches bounded some other way. */
    MemoryGuard NONE = () -> false;

    /** The share of the maximum heap a search may keep live (the rest: the JVM's own, a campaign's runs, the counterexample's replay). */
    double DEFAULT_SHARE = 0.75;

    /**
     * Stops once more than {@code share} of the maximum heap is live,
     * looking every {@code every} calls. The heap the JVM's latest
     * collection left (live data and old garbage not yet collected) is
     * free to read; when it reaches the share, and after a first full
     * collection also half the room that collection left, the guard
     * collects everything once and compares what is live. So a search
     * whose live data stays low never forces a collection, and one near the
     * limit does not force one at every look.
     */
    static MemoryGuard heap(double share, int every) {
        long max = Runtime.getRuntime().maxMemory();
        long limit = (long) (max * share);
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) heapPools.add(p.getName());
        return new MemoryGuard() {
            private int calls;
            private long live = -1; // after the last full collection this guard made; -1: none yet

            @Override public boolean exhausted() {
                if (++calls < every) return false;
                calls = 0;
                long trigger = live < 0 ? limit : Math.max(limit, live + (max - live) / 2);
                long seen = afterLatestCollection(collectors, heapPools);
                if (seen < 0) seen = inUse(); // no figures from the collector: the heap in use now, garbage included
                if (seen < trigger) return false;
                System.gc(); // a full collection: what is left is live
                live = inUse();
                return live >= limit;
            }
        };
    }

    private static long inUse() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * The heap in use right after the JVM's latest collection, summed over
     * the heap's pools (a collection's figures name the others too); 0 before
     * the first collection, -1 when no collector reports figures.
     */
    private static long afterLatestCollection(List<GarbageCollectorMXBean> collectors, java.util.Set<String> heapPools) {
        long end = -1, used = -1;
        for (GarbageCollectorMXBean c : collectors) {
            if (!(c instanceof com.sun.management.GarbageCollectorMXBean g)) continue;
            com.sun.management.GcInfo info = g.getLastGcInfo();
            if (info == null) {
                if (used < 0) used = 0;
                continue;
            }
            if (info.getEndTime() < end) continue;
            end = info.getEndTime();
            used = 0;
            for (var e : info.getMemoryUsageAfterGc().entrySet()) if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
        }
        return used;
    }

    static MemoryGuard heap() { return heap(DEFAULT_SHARE, 256); }
}
