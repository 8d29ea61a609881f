package dev.pagerace.campaign;

import dev.pagerace.engine.Outcome;
import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.LockOrderGraph;
import dev.pagerace.oracle.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What the runs of one variant found, merged from batch outcomes in any
 * order (a batch run twice counts once: callers add each batch id once).
 * "First" means the lowest seed; a lock-order cycle's first run is the one
 * that recorded its last edge.
 */
public final class VariantSummary {
    /** The first run that showed a kind: its index among the runs (seed - first seed), its seed and what it found. */
    public record First(long index, long seed, String headline, boolean rerunnable) {}

    /**
     * One bug: the runs whose violations include this signature. "First" is
     * the lowest seed, so the group does not depend on which batch finished
     * first; "shortest" the fewest deliveries (lowest seed on ties).
     * {@code shortestSchedule} is "" when it was too long to ship (the seed
     * replays it); {@code shrunk} null until {@link #shrinkEach} ran.
     */
    public record Signature(String signature, String kind, long runs, long firstSeed, long firstSteps,
                            long shortestSeed, long shortestSteps, String shortestSchedule, Shrunk shrunk) {
        public String id() { return Violation.signatureId(signature); }
    }

    /** The shortest run of a signature, shrunk: its length, the schedule that replays it, and the candidate runs it took. */
    public record Shrunk(long steps, String schedule, int candidateRuns) {}

    public final String scenario;
    public final String variant;
    private final long startSeed;
    private long runs;
    private long steps;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, First> first = new TreeMap<>();
    /**
     * Merged lock-class dependencies by key, each with its lowest-seed example:
     * sorted, so the graph built from them, and its cycles, do not depend on
     * the order batches finished in (the merge is commutative).
     */
    private final Map<String, LockEdge> edges = new TreeMap<>();
    private final Map<String, Histogram> latency = new TreeMap<>();
    private final Map<String, Long> unfinished = new TreeMap<>();
    /** Per op: {runs with a finished sample, runs that left it unfinished}. */
    private final Map<String, long[]> opRuns = new TreeMap<>();
    private final dev.pagerace.stats.LockStat locks = new dev.pagerace.stats.LockStat();
    private List<Violation.LockOrder> cycles;
    private final java.util.Set<String> strategies = new java.util.TreeSet<>();
    private final Map<String, Signature> signatures = new TreeMap<>();

    public VariantSummary(String scenario, String variant, long startSeed) {
        this.scenario = scenario;
        this.variant = variant;
        this.startSeed = startSeed;
    }

    public void add(BatchOutcome b) {
        if (b.strategy() != null) strategies.add(b.strategy());
        runs += b.count();
        steps += b.steps();
        for (int i = 0; i < b.labels().size(); i++) counts.merge(b.labels().get(i), b.labelCounts().get(i), Long::sum);
        for (BatchOutcome.Found f : b.found()) {
            if (f.signatures() != null) {
                for (int i = 0; i < f.signatures().size(); i++) group(f, f.kinds().get(i), f.signatures().get(i));
            }
            for (String k : f.kinds()) {
                First old = first.get(k);
                if (old == null || f.seed() < old.seed()) first.put(k, new First(f.seed() - startSeed, f.seed(), f.headline(), true));
            }
        }
        for (LockEdge e : b.edges()) edges.merge(e.key(), e, VariantSummary::earlier);
        cycles = null;
        for (BatchOutcome.OpStat s : b.ops()) {
            if (s.unfinished() > 0) unfinished.merge(s.op(), s.unfinished(), Long::sum);
            latency.computeIfAbsent(s.op(), k -> BatchOutcome.newHistogram()).add(s.decode());
            long[] r = opRuns.computeIfAbsent(s.op(), k -> new long[2]);
            r[0] += s.runs();
            r[1] += s.runsUnfinished();
        }
        locks.add(b.locks());
    }

    /**
     * One op's latency and the runs it comes from: {@code runs} had a
     * finished sample, {@code runsUnfinished} left it unfinished (their
     * samples are not in the percentiles: see {@link dev.pagerace.stats.Latency}).
     */
    public record OpLatency(dev.pagerace.stats.Latency latency, long runs, long runsUnfinished) {}

    /** Every op's latency, by op name. */
    public Map<String, OpLatency> ops() {
        Map<String, OpLatency> out = new TreeMap<>();
        java.util.Set<String> names = new java.util.TreeSet<>(latency.keySet());
        names.addAll(unfinished.keySet());
        for (String op : names) {
            long[] r = opRuns.getOrDefault(op, new long[2]);
            out.put(op, new OpLatency(dev.pagerace.stats.Latency.of(latency.getOrDefault(op, BatchOutcome.newHistogram()),
                unfinished.getOrDefault(op, 0L)), r[0], r[1]));
        }
        return out;
    }

    /** lock_stat over every run added: per lock class and mode. */
    public dev.pagerace.stats.LockStat lockStat() { return locks; }

    private void group(BatchOutcome.Found f, String kind, String sig) {
        Signature old = signatures.get(sig);
        if (old == null) {
            signatures.put(sig, new Signature(sig, kind, 1, f.seed(), f.steps(), f.seed(), f.steps(), f.schedule(), null));
            return;
        }
        boolean first = f.seed() < old.firstSeed();
        boolean shorter = f.steps() < old.shortestSteps() || (f.steps() == old.shortestSteps() && f.seed() < old.shortestSeed());
        signatures.put(sig, new Signature(sig, kind, old.runs() + 1,
            first ? f.seed() : old.firstSeed(), first ? f.steps() : old.firstSteps(),
            shorter ? f.seed() : old.shortestSeed(), shorter ? f.steps() : old.shortestSteps(), shorter ? f.schedule() : old.shortestSchedule(),
            shorter ? null : old.shrunk())); // another shortest run: its shrink is no longer the one to show
    }

    /** Distinct signatures of the runs' violations, by first seed. */
    public List<Signature> signatures() {
        List<Signature> out = new ArrayList<>(signatures.values());
        out.sort(java.util.Comparator.comparingLong(Signature::firstSeed).thenComparing(Signature::signature));
        return out;
    }

    /**
     * Shrinks one run of every signature not shrunk yet, on the pure cores,
     * at most {@code maxRuns} candidate runs each (0: none). It starts from
     * the shortest run rather than the first: the shrink never lengthens
     * its input, so the result is never longer than any run of the group.
     * The run comes from its shipped schedule, or from its seed when the
     * schedule was too long to ship.
     */
    public void shrinkEach(dev.pagerace.program.Program program, int maxRuns) {
        if (maxRuns <= 0 || strategies.size() != 1) return; // a mixed summary has no one strategy to rerun seeds with
        String strategy = strategies.iterator().next();
        List<Signature> todo = new ArrayList<>();
        for (Signature g : signatures()) if (g.shrunk() == null) todo.add(g);
        // each shrink is a pure function of its input, so they run side by side and land in signature order
        List<dev.pagerace.engine.Shrinker.Shrunk> done = todo.parallelStream().map(g -> {
            dev.pagerace.engine.Schedule schedule = g.shortestSchedule() != null && !g.shortestSchedule().isEmpty()
                ? dev.pagerace.engine.Schedule.decode(g.shortestSchedule())
                : dev.pagerace.engine.PureRunner.run(program, dev.pagerace.engine.Strategy.named(strategy, g.shortestSeed()), g.shortestSeed(), false).schedule();
            return dev.pagerace.engine.Shrinker.shrink(program, schedule, g.signature(), maxRuns, g.shortestSeed());
        }).toList();
        for (int i = 0; i < todo.size(); i++) {
            Signature g = todo.get(i);
            dev.pagerace.engine.Shrinker.Shrunk sh = done.get(i);
            if (sh == null) continue; // the scenario changed under the results: nothing to shrink
            signatures.put(g.signature(), new Signature(g.signature(), g.kind(), g.runs(), g.firstSeed(), g.firstSteps(),
                g.shortestSeed(), g.shortestSteps(), g.shortestSchedule(), new Shrunk(sh.shrunk().steps(), sh.shrunk().schedule().encode(), sh.runs())));
        }
    }

    /** What a count of {@link #counts()} counts: runs, except lock_order, which counts cycles of the merged graph. */
    public String countLabel(String kind) {
        Long n = counts().get(kind);
        if (n == null) return "none";
        return kind.equals("lock_order") ? n + (n == 1 ? " cycle" : " cycles") : n + (n == 1 ? " run" : " runs");
    }

    /** Runs per label only (clean, each violation kind a run showed, model_error, ...): no lock_order cycles. */
    public Map<String, Long> runCounts() { return new TreeMap<>(counts); }

    static String headline(Outcome o) {
        if (o instanceof Outcome.Violated v) return v.violation().headline();
        if (o instanceof Outcome.ModelFault f) return "model error at " + f.where() + ": " + f.message();
        if (o instanceof Outcome.Inconclusive i) return "no verdict after " + i.steps() + " deliveries (max_steps)";
        if (o instanceof Outcome.Diverged d) return d.message();
        return "clean";
    }

    public long runs() { return runs; }

    /** The strategy the runs were made with, as its spec text ({@code random}, {@code fair}, {@code pct(d=3,k=400)}). */
    public String strategy() { return strategies.isEmpty() ? "random" : String.join("+", strategies); }

    /**
     * How the verdict was obtained, in one line: for a clean variant, the runs,
     * the strategy and the rule-of-three bound; otherwise each kind's count with
     * its rate and 95 % Wilson interval ({@link VerdictStrength}). lock_order
     * counts cycles across runs, which have no per-run rate.
     */
    public String strength() {
        Map<String, Long> c = counts();
        List<String> parts = new ArrayList<>();
        for (var e : c.entrySet()) {
            if (e.getKey().equals("clean") || e.getKey().equals("lock_order")) continue;
            parts.add(VerdictStrength.count(e.getKey(), e.getValue(), runs));
        }
        Long cyc = c.get("lock_order");
        if (parts.isEmpty() && cyc == null) {
            String s = VerdictStrength.clean(runs, strategy());
            return strategies.contains("fair") || strategy().startsWith("replay") ? s : s + "; starvation not judged (only fair judges it)";
        }
        String s = runs + " runs of " + strategy() + ": " + (parts.isEmpty() ? "no violating run" : String.join(", ", parts));
        if (cyc != null) s += "; lock_order " + cyc + (cyc == 1 ? " cycle" : " cycles") + " across runs";
        return s;
    }

    public long steps() { return steps; }

    /** Lock-order cycles over all runs added so far. */
    public List<Violation.LockOrder> cycles() {
        if (cycles == null) {
            // rebuilt in key order: LockOrderGraph keeps insertion order, which here would be batch completion order
            LockOrderGraph lockOrder = new LockOrderGraph();
            lockOrder.addRecorded(List.copyOf(edges.values()));
            cycles = lockOrder.cycles();
        }
        return cycles;
    }

    /**
     * The example kept for a dependency: the lowest seed, and on a tie (the
     * same run journaled by two batches of different campaigns, or a changed
     * scenario) the one that sorts first, so either merge order keeps the same.
     */
    private static LockEdge earlier(LockEdge a, LockEdge b) {
        if (a.seed() != b.seed()) return a.seed() < b.seed() ? a : b;
        return a.toString().compareTo(b.toString()) <= 0 ? a : b;
    }

    /**
     * Runs per label (clean, each violation kind, model_error, inconclusive),
     * except lock_order, which counts cycles: say which with {@link #countLabel}.
     */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>(counts);
        if (!cycles().isEmpty()) out.put("lock_order", (long) cycles().size());
        return out;
    }

    public Map<String, First> first() {
        Map<String, First> out = new TreeMap<>(first);
        for (Violation.LockOrder c : cycles()) {
            long seed = c.chain().stream().mapToLong(LockEdge::seed).max().orElse(startSeed);
            First f = new First(seed - startSeed, seed, c.headline(), false);
            First old = out.get("lock_order");
            if (old == null || f.seed() < old.seed()) out.put("lock_order", f);
        }
        return out;
    }

    /** Violation kinds found (not clean, inconclusive, model_error or diverged). */
    public List<String> violationKinds() {
        List<String> out = new ArrayList<>();
        for (String k : counts().keySet()) {
            if (!k.equals("clean") && !k.equals("inconclusive") && !k.equals("model_error") && !k.equals("diverged")) out.add(k);
        }
        return out;
    }

    /**
     * Latency of each op in deliveries: {finished, p50, p99, max, unfinished,
     * p90, p99.9}; percentiles (HdrHistogram, 3 significant digits) are 0 when
     * none finished.
     */
    public Map<String, long[]> opLatency() {
        Map<String, long[]> out = new TreeMap<>();
        for (var e : latency.entrySet()) {
            Histogram h = e.getValue();
            long n = h.getTotalCount();
            long u = unfinished.getOrDefault(e.getKey(), 0L);
            if (n == 0) {
                out.put(e.getKey(), new long[] {0, 0, 0, 0, u, 0, 0});
                continue;
            }
            out.put(e.getKey(), new long[] {n, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue(), u,
                h.getValueAtPercentile(90), h.getValueAtPercentile(99.9)});
        }
        for (var x : unfinished.entrySet()) out.putIfAbsent(x.getKey(), new long[] {0, 0, 0, 0, x.getValue(), 0, 0});
        return out;
    }
}
