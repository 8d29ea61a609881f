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

    public final String scenario;
    public final String variant;
    private final long startSeed;
    private long runs;
    private long steps;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, First> first = new TreeMap<>();
    private final LockOrderGraph lockOrder = new LockOrderGraph();
    private final Map<String, Histogram> latency = new TreeMap<>();
    private final Map<String, Long> unfinished = new TreeMap<>();
    private List<Violation.LockOrder> cycles;
    private final java.util.Set<String> strategies = new java.util.TreeSet<>();

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
            for (String k : f.kinds()) {
                First old = first.get(k);
                if (old == null || f.seed() < old.seed()) first.put(k, new First(f.seed() - startSeed, f.seed(), f.headline(), true));
            }
        }
        lockOrder.addRecorded(b.edges());
        cycles = null;
        for (BatchOutcome.OpStat s : b.ops()) {
            if (s.unfinished() > 0) unfinished.merge(s.op(), s.unfinished(), Long::sum);
            latency.computeIfAbsent(s.op(), k -> BatchOutcome.newHistogram()).add(s.decode());
        }
    }

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
        if (cycles == null) cycles = lockOrder.cycles();
        return cycles;
    }

    /** Runs per label (clean, each violation kind, model_error, inconclusive); lock_order counts cycles. */
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
