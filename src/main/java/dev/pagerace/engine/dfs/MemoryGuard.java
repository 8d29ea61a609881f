package dev.pagerace.engine.dfs;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The exhaustive search's memory bound: a search stops with the bound
 * {@code memory} before the heap runs out, instead of ending in an
 * {@link OutOfMemoryError} (a breadth-first level, the dfs stack and the
 * visited set all grow with the state space).
 * <p>
 * {@link #heap} judges live data, not garbage: it reads what the JVM's own
 * latest collection left, and only when that passes the share of the
 * maximum heap does it collect everything once and measure what is live.
 * Where the search stops therefore depends on the collector, the heap size
 * and whatever else shares the heap, unlike every other bound; the report
 * names the stored-state count it stopped at, and {@code --max-states} with
 * that count stops at the same place wherever the heap lets it get there.
 */
public interface MemoryGuard {
    /** True when the search should stop now; asked once per new stored-state count at most. */
    boolean exhausted();

    /** Never stops: the default of {@link Explorer}, whose results then depend on nothing but the program and the options. */
    MemoryGuard NONE = () -> false;

    /**
     * The share of the maximum heap past which live search data stops a
     * search (the rest: the JVM's own, a campaign's runs, the
     * counterexample's replay). Between two full collections live data
     * can grow to about halfway from the last measurement to the whole
     * heap (see {@link #of}) before the guard looks again.
     */
    double DEFAULT_SHARE = 0.75;

    /** {@link #of} on this JVM's heap: its maximum, its collectors' figures, and {@link System#gc}. */
    static MemoryGuard heap(double share, int every) {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) heapPools.add(p.getName());
        LongSupplier seen = () -> {
            long after = afterLatestCollection(collectors, heapPools);
            return after >= 0 ? after : inUse(); // no figures from the collector: the heap in use now, garbage included
        };
        return of(Runtime.getRuntime().maxMemory(), share, every, seen, () -> {
            System.gc(); // a full collection: what is left is live
            return inUse();
        });
    }

    static MemoryGuard heap() { return heap(DEFAULT_SHARE, 256); }

    /**
     * Looks every {@code every} calls. {@code seen}: the heap the latest
     * collection left (live data and garbage not yet collected), free to
     * read. When it reaches {@code share} of {@code max}, and after the
     * first full collection also half the room that collection left,
     * {@code collect} collects everything and returns what is live; past the
     * share, the search stops. So a search whose live data stays low never
     * forces a collection, and one near the limit does not force one at
     * every look.
     */
    static MemoryGuard of(long max, double share, int every, LongSupplier seen, LongSupplier collect) {
        long limit = (long) (max * share);
        return new MemoryGuard() {
            private int calls;
            private long live = -1; // after the last full collection this guard made; -1: none yet

            @Override public boolean exhausted() {
                if (++calls < every) return false;
                calls = 0;
                long trigger = live < 0 ? limit : Math.max(limit, live + (max - live) / 2);
                if (seen.getAsLong() < trigger) return false;
                live = collect.getAsLong();
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
}
