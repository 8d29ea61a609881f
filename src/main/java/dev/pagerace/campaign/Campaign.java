package dev.pagerace.campaign;

import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Scenario;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fuzz campaign: plans batches for every (scenario, variant), drives them
 * through the cluster, journals each as it finishes, and judges the merged
 * results against the scenarios' expect lines.
 */
public final class Campaign {
    /** A scenario as the campaign runs it: where it came from, what travels, what it compiles to. */
    public record Loaded(String file, ScenarioBundle bundle, Scenario scenario, Map<String, Program> programs) {}

    private Campaign() {}

    /** The loaded scenarios' content hashes by file, in order: what a campaign's spec records to refuse edited scenarios on resume. */
    public static Map<String, String> hashes(List<Loaded> loaded) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        for (Loaded l : loaded) h.put(l.file(), l.bundle().hash());
        return h;
    }

    /**
     * The batches, in order: scenario by scenario, sweep point by sweep point,
     * variant by variant, seeds ascending. The plan is computed, not stored: batch {@code i} is made
     * when it is asked for, from the variant it falls in, so
     * {@code --runs 1000000000} plans in constant memory.
     */
    public static Plan plan(CampaignSpec spec, List<Loaded> scenarios) {
        return new Plan(spec, scenarios);
    }

    /** The most batches one campaign may have: batch indexes are ints (docs/limits.md). */
    public static final long MAX_BATCHES = Integer.MAX_VALUE;

    /**
     * A campaign's batches as a list computed on demand: each variant is a
     * segment of {@code ceil(runs / batchSize)} batches, and {@link #get(int)}
     * finds the segment by binary search.
     */
    public static final class Plan extends java.util.AbstractList<CampaignDriver.Planned> implements java.util.RandomAccess {
        private record Segment(long firstIndex, long batches, Loaded loaded, String variant, String strategy, long runs, String set) {}

        private final CampaignSpec spec;
        private final List<Segment> segments = new ArrayList<>();
        private final long batches;
        private final long runs;

        private Plan(CampaignSpec spec, List<Loaded> scenarios) {
            this.spec = spec;
            if (spec.batchSize() < 1) throw new IllegalArgumentException("the batch size must be at least 1, not " + spec.batchSize());
            long index = 0, total = 0;
            for (Loaded l : scenarios) {
                for (Map<String, Long> counts : points(spec)) {
                String set = Sweep.text(counts);
                for (Program p : variants(spec, l, counts)) {
                    // pct's k is fixed per variant here, deterministically, so every batch of it runs with the same parameters
                    String strategy = StrategySpec.parse(spec.strategy()).resolve(p).text();
                    long runs = spec.runs() > 0 ? spec.runs() : p.config().runs();
                    if (spec.seedStart() > Long.MAX_VALUE - runs) {
                        throw new IllegalArgumentException("seeds " + spec.seedStart() + " + " + runs + " runs go past the largest seed (" + Long.MAX_VALUE + ")");
                    }
                    long n = runs / spec.batchSize() + (runs % spec.batchSize() == 0 ? 0 : 1);
                    if (n > MAX_BATCHES - index) {
                        throw new IllegalArgumentException("the campaign would have more than " + MAX_BATCHES + " batches (" + l.file() + "#" + p.variant()
                            + ": " + runs + " runs in batches of " + spec.batchSize() + "): use a larger --batch-size or fewer --runs");
                    }
                    segments.add(new Segment(index, n, l, p.variant(), strategy, runs, set));
                    index += n;
                    total += runs;
                }
                }
            }
            this.batches = index;
            this.runs = total;
        }

        /** Runs over every batch. */
        public long runs() { return runs; }

        /**
         * The same batches in the order a campaign sends them: one batch of
         * each variant (and sweep point) in turn, seeds ascending within
         * each, a variant with fewer batches dropping out when it has none
         * left. Every variant then has results from the first seconds on
         * (the progress line's findings, and a stopped campaign's partial
         * results, cover them all). Results do not depend on the order:
         * batches are merged by id. Computed on demand, like the plan.
         */
        public List<CampaignDriver.Planned> interleaved() {
            long[] first = new long[segments.size()], count = new long[segments.size()];
            for (int i = 0; i < first.length; i++) {
                first[i] = segments.get(i).firstIndex();
                count[i] = segments.get(i).batches();
            }
            // get(k) searches for k's round; walking the list (the driver does, once) moves a cursor instead
            class Interleaved extends java.util.AbstractList<CampaignDriver.Planned> {
                @Override public int size() { return (int) batches; }

                @Override public CampaignDriver.Planned get(int k) {
                    if (k < 0 || k >= batches) throw new IndexOutOfBoundsException(k);
                    return Plan.this.get((int) interleavedIndex(first, count, k));
                }

                @Override public java.util.Iterator<CampaignDriver.Planned> iterator() {
                    return new java.util.Iterator<>() {
                        private long round, sent;
                        private int segment = -1;

                        @Override public boolean hasNext() { return sent < batches; }

                        @Override public CampaignDriver.Planned next() {
                            if (!hasNext()) throw new java.util.NoSuchElementException();
                            do { // the next segment that still has a batch in this round
                                if (++segment == count.length) {
                                    segment = 0;
                                    round++;
                                }
                            } while (count[segment] <= round);
                            sent++;
                            return Plan.this.get((int) (first[segment] + round));
                        }
                    };
                }

                @Override public java.util.Spliterator<CampaignDriver.Planned> spliterator() {
                    return java.util.Spliterators.spliterator(iterator(), batches, java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL);
                }
            }
            return new Interleaved();
        }

        @Override public int size() { return (int) batches; }

        @Override public CampaignDriver.Planned get(int i) {
            if (i < 0 || i >= batches) throw new IndexOutOfBoundsException(i);
            int lo = 0, hi = segments.size() - 1;
            while (lo < hi) { // the last segment that starts at or before i
                int mid = (lo + hi + 1) >>> 1;
                if (segments.get(mid).firstIndex() <= i) lo = mid;
                else hi = mid - 1;
            }
            Segment s = segments.get(lo);
            long first = spec.seedStart() + (i - s.firstIndex()) * spec.batchSize();
            int count = (int) Math.min(spec.batchSize(), spec.seedStart() + s.runs() - first);
            return new CampaignDriver.Planned(batchPrefix(s.loaded(), s.variant(), s.set()) + first + "+" + count, s.loaded().bundle(),
                s.variant(), s.strategy(), first, count, s.set());
        }
    }

    /**
     * The plan index of the {@code k}th batch sent when segments of
     * {@code count[s]} batches, starting at plan index {@code first[s]}, take
     * turns: round {@code r} sends batch {@code r} of every segment that has
     * more than {@code r}. Rounds before {@code r} hold
     * {@code sum(min(count[s], r))} batches, so the round is found by binary
     * search.
     */
    static long interleavedIndex(long[] first, long[] count, long k) {
        long lo = 0, hi = 0;
        for (long c : count) hi = Math.max(hi, c - 1);
        while (lo < hi) { // the last round r with before(r) <= k
            long mid = (lo + hi + 1) >>> 1;
            if (before(count, mid) <= k) lo = mid;
            else hi = mid - 1;
        }
        long j = k - before(count, lo);
        for (int s = 0; s < count.length; s++) {
            if (count[s] <= lo) continue;
            if (j-- == 0) return first[s] + lo;
        }
        throw new IndexOutOfBoundsException(Long.toString(k));
    }

    /** Batches sent in the rounds before round {@code r}. */
    private static long before(long[] count, long r) {
        long n = 0;
        for (long c : count) n += Math.min(c, r);
        return n;
    }

    /**
     * The start of a batch id: {@code file#variant@}, or with a sweep point
     * {@code file#variant[faulter=4]@}, so journals of campaigns without a
     * sweep keep their ids.
     */
    static String batchPrefix(Loaded l, String variant, String set) {
        return l.file() + "#" + variant + (set.isEmpty() ? "" : "[" + set + "]") + "@";
    }

    /** The task counts a campaign runs at: one empty map (the scenario's own) without a sweep, one map per point with one. */
    static List<Map<String, Long>> points(CampaignSpec spec) {
        Sweep.Points s = spec.sweepPoints();
        if (s == null) return List.of(Map.of());
        List<Map<String, Long>> out = new ArrayList<>();
        for (long c : s.counts()) out.add(Map.of(s.task(), c));
        return out;
    }

    static List<Program> variants(CampaignSpec spec, Loaded l, Map<String, Long> counts) {
        if (counts.isEmpty()) return variants(spec, l);
        try {
            Map<String, Program> programs = dev.pagerace.lang.Compiler.compileAll(l.scenario(), counts);
            return variants(spec, new Loaded(l.file(), l.bundle(), l.scenario(), programs));
        } catch (dev.pagerace.lang.ScenarioException e) {
            throw new IllegalArgumentException(l.file() + ": " + e.getMessage());
        }
    }

    static List<Program> variants(CampaignSpec spec, Loaded l) { return variants(spec.variant(), l); }

    /** The variant named (every one for {@code all}); a name the file lacks is a usage error naming the ones it has. */
    static List<Program> variants(String variant, Loaded l) {
        if (variant.equals("all")) return new ArrayList<>(l.programs().values());
        Program p = l.programs().get(variant);
        if (p == null) {
            throw new IllegalArgumentException(l.file() + " has no variant '" + variant + "' (variants: "
                + String.join(", ", l.programs().keySet()) + ")");
        }
        return List.of(p);
    }

    /** Merges the journaled outcomes per variant (and sweep point) and judges them; rows in plan order. */
    public static List<Catalog.Row> judge(CampaignSpec spec, List<Loaded> scenarios, Map<String, BatchOutcome> done) {
        List<Catalog.Row> rows = new ArrayList<>();
        Map<String, BatchOutcome> byId = new LinkedHashMap<>(done);
        for (Loaded l : scenarios) {
            for (Map<String, Long> counts : points(spec)) {
                String set = Sweep.text(counts);
                for (Program p : variants(spec, l, counts)) {
                    // a sweep point's summary is named "variant faulter=4", as check --sweep names its rows
                    VariantSummary v = new VariantSummary(p.scenario(), p.variant() + (set.isEmpty() ? "" : " " + set), spec.seedStart());
                    String prefix = batchPrefix(l, p.variant(), set);
                    for (BatchOutcome b : byId.values()) if (b.batchId().startsWith(prefix)) v.add(b);
                    var expects = Expectations.of(l.scenario(), p.variant());
                    rows.add(new Catalog.Row(l.file(), p, expects, v, Expectations.mismatches(expects, v, false)));
                }
            }
        }
        return rows;
    }
}
