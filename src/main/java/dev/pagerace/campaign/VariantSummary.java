package dev.pagerace.campaign;

import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.RunResult;
import dev.pagerace.oracle.LockOrderGraph;
import dev.pagerace.oracle.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the runs of one variant found, merged in seed order: outcome counts,
 * the first run of each kind, lock-order cycles over all runs (with the run
 * after which each cycle first closed), and op latencies.
 */
public final class VariantSummary {
    /** The first run that showed a kind: its index among the runs, its seed and what it found. */
    public record First(long index, long seed, String headline, RunResult run) {}

    public final String scenario;
    public final String variant;
    private long runs;
    private long steps;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, First> first = new TreeMap<>();
    private final LockOrderGraph lockOrder = new LockOrderGraph();
    private final List<Violation.LockOrder> cycles = new ArrayList<>();
    private final Map<String, long[]> opTimes = new TreeMap<>();
    private final Map<String, Integer> opCounts = new TreeMap<>();
    private final Map<String, Long> unfinished = new TreeMap<>();

    public VariantSummary(String scenario, String variant) {
        this.scenario = scenario;
        this.variant = variant;
    }

    /** Adds the next run; runs must come in seed order for "first" to mean first. */
    public void add(RunResult r) {
        long index = runs++;
        steps += r.steps();
        if (r.violations().isEmpty() || !(r.outcome() instanceof Outcome.Violated)) {
            String label = r.outcome().label();
            counts.merge(label, 1L, Long::sum);
            if (!(r.outcome() instanceof Outcome.Clean)) first.putIfAbsent(label, new First(index, r.seed(), headline(r.outcome()), r));
        }
        for (Violation v : r.violations()) {
            counts.merge(v.kind(), 1L, Long::sum);
            first.putIfAbsent(v.kind(), new First(index, r.seed(), v.headline(), r));
        }
        int before = lockOrder.size();
        lockOrder.add(r.lockEdges(), r.writeClasses(), r.seed());
        if (lockOrder.size() != before) {
            for (Violation.LockOrder c : lockOrder.cycles()) {
                if (cycles.stream().noneMatch(x -> x.headline().equals(c.headline()))) {
                    cycles.add(c);
                    counts.merge("lock_order", 1L, Long::sum);
                    first.putIfAbsent("lock_order", new First(index, r.seed(), c.headline(), null));
                }
            }
        }
        for (RunResult.OpTime t : r.opTimes()) {
            if (!t.finished()) {
                unfinished.merge(t.op(), 1L, Long::sum);
                continue;
            }
            String key = t.op();
            long[] a = opTimes.computeIfAbsent(key, k -> new long[16]);
            int n = opCounts.getOrDefault(key, 0);
            if (n == a.length) a = opTimes.compute(key, (k, v) -> Arrays.copyOf(v, v.length * 2));
            a[n] = t.deliveries();
            opCounts.put(key, n + 1);
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

    public long steps() { return steps; }

    /** Runs per outcome label (clean, deadlock, ..., model_error, inconclusive); lock_order counts cycles. */
    public Map<String, Long> counts() { return counts; }

    public Map<String, First> first() { return first; }

    public List<Violation.LockOrder> cycles() { return cycles; }

    /** Violation kinds found (not clean, inconclusive or model_error). */
    public List<String> violationKinds() {
        List<String> out = new ArrayList<>();
        for (String k : counts.keySet()) if (!k.equals("clean") && !k.equals("inconclusive") && !k.equals("model_error") && !k.equals("diverged")) out.add(k);
        return out;
    }

    /**
     * Latency of each op in deliveries: {finished count, p50, p99, max,
     * unfinished count}; percentiles are 0 when no op of that name finished.
     */
    public Map<String, long[]> opLatency() {
        Map<String, long[]> out = new TreeMap<>();
        for (var e : opTimes.entrySet()) {
            int n = opCounts.get(e.getKey());
            long[] a = Arrays.copyOf(e.getValue(), n);
            Arrays.sort(a);
            out.put(e.getKey(), new long[] {n, a[(int) Math.min(n - 1, n / 2)], a[(int) Math.min(n - 1, (long) Math.ceil(n * 0.99) - 1)], a[n - 1],
                unfinished.getOrDefault(e.getKey(), 0L)});
        }
        for (var u : unfinished.entrySet()) out.putIfAbsent(u.getKey(), new long[] {0, 0, 0, 0, u.getValue()});
        return out;
    }
}
