package dev.pagerace.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * lock_stat over many runs: per lock class and mode, acquisitions,
 * contentions, wait and hold times as histograms (in deliveries) and every
 * contention and contending site with its count. Built from runs
 * ({@link #addRun}) or from other aggregates' shipped form ({@link #add}),
 * in any order: counts are sums and histograms add bucket by bucket, so two
 * batches merged give exactly what one batch of the same runs gives. Sorted
 * maps throughout, so the output never depends on merge order.
 */
public final class LockStat {
    /** Sites shown per class and mode, as lock_stat shows four contention points. */
    public static final int TOP_SITES = 4;

    /**
     * The shipped form of one class and mode (crosses nodes, journaled):
     * histograms compressed, sites as parallel lists. Sizes are bounded by
     * the scenario: one entry per lock class and mode, one site per code
     * position.
     */
    public record Entry(String cls, String mode, long acquisitions, long contentions, byte[] waits, long waitsUnfinished,
                        byte[] holds, long holdsUnfinished, List<String> contentionSites, List<Long> contentionCounts,
                        List<String> contendingSites, List<Long> contendingCounts) {}

    /** One class and mode, merged. */
    public static final class Cell {
        public final String cls, mode;
        long acquisitions, contentions, waitsUnfinished, holdsUnfinished;
        final Histogram waits = Histograms.create(), holds = Histograms.create();
        final TreeMap<String, Long> contentionSites = new TreeMap<>(), contendingSites = new TreeMap<>();

        Cell(String cls, String mode) {
            this.cls = cls;
            this.mode = mode;
        }

        public long acquisitions() { return acquisitions; }

        public long contentions() { return contentions; }

        public Latency waits() { return Latency.of(waits, waitsUnfinished); }

        public Latency holds() { return Latency.of(holds, holdsUnfinished); }

        /** The top {@link #TOP_SITES} contention points, most frequent first (ties by site). */
        public List<Map.Entry<String, Long>> contentionSites() { return top(contentionSites); }

        /** The top contending points: where the holders that were waited for took the lock. */
        public List<Map.Entry<String, Long>> contendingSites() { return top(contendingSites); }

        private static List<Map.Entry<String, Long>> top(TreeMap<String, Long> m) {
            List<Map.Entry<String, Long>> all = new ArrayList<>(m.entrySet());
            all.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
            return List.copyOf(all.subList(0, Math.min(TOP_SITES, all.size())));
        }
    }

    private final TreeMap<String, Cell> cells = new TreeMap<>();

    private Cell cell(String cls, String mode) {
        return cells.computeIfAbsent(cls + "\u0000" + mode, k -> new Cell(cls, mode));
    }

    /** Adds one run's lock use. */
    public void addRun(List<LockStatCollector.Use> uses) {
        for (LockStatCollector.Use u : uses) {
            Cell c = cell(u.cls(), u.mode());
            c.acquisitions += u.acquisitions();
            c.contentions += u.contentions();
            c.waitsUnfinished += u.waitsUnfinished();
            c.holdsUnfinished += u.holdsUnfinished();
            for (long w : u.waits()) c.waits.recordValue(w);
            for (long h : u.holds()) c.holds.recordValue(h);
            u.contentionSites().forEach((s, n) -> c.contentionSites.merge(s, n, Long::sum));
            u.contendingSites().forEach((s, n) -> c.contendingSites.merge(s, n, Long::sum));
        }
    }

    /** Adds shipped entries (a batch's, or another aggregate's); null adds nothing (a journal from before lock_stat). */
    public void add(List<Entry> entries) {
        if (entries == null) return;
        for (Entry e : entries) {
            Cell c = cell(e.cls(), e.mode());
            c.acquisitions += e.acquisitions();
            c.contentions += e.contentions();
            c.waitsUnfinished += e.waitsUnfinished();
            c.holdsUnfinished += e.holdsUnfinished();
            c.waits.add(Histograms.decode(e.waits(), "lock waits of " + e.cls()));
            c.holds.add(Histograms.decode(e.holds(), "lock holds of " + e.cls()));
            addSites(c.contentionSites, e.contentionSites(), e.contentionCounts(), e.cls());
            addSites(c.contendingSites, e.contendingSites(), e.contendingCounts(), e.cls());
        }
    }

    private static void addSites(TreeMap<String, Long> to, List<String> sites, List<Long> counts, String cls) {
        if (sites == null) return;
        if (counts == null || counts.size() != sites.size()) throw new IllegalArgumentException("lock_stat of " + cls + ": sites and counts differ in length");
        for (int i = 0; i < sites.size(); i++) to.merge(sites.get(i), counts.get(i), Long::sum);
    }

    /** The shipped form, sorted by class and mode, every site kept (the top few are chosen only for display, after merging). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(cells.size());
        for (Cell c : cells.values()) {
            out.add(new Entry(c.cls, c.mode, c.acquisitions, c.contentions, Histograms.encode(c.waits), c.waitsUnfinished,
                Histograms.encode(c.holds), c.holdsUnfinished, List.copyOf(c.contentionSites.keySet()), List.copyOf(c.contentionSites.values()),
                List.copyOf(c.contendingSites.keySet()), List.copyOf(c.contendingSites.values())));
        }
        return List.copyOf(out);
    }

    /** Every class and mode, sorted by class, then mode. */
    public List<Cell> cells() { return List.copyOf(cells.values()); }

    public boolean isEmpty() { return cells.isEmpty(); }
}
