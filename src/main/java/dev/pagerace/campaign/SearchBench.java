package dev.pagerace.campaign;

import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Ast.ExpectDecl;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast a strategy finds a known bug: from several starting seeds, runs
 * (and seconds, on one thread, pure engine) until the first run with a
 * violation, capped per attempt. The figures behind docs/search.md and
 * {@code pagerace bench search}; a benchmark, never a test.
 */
public final class SearchBench {
    /** Seeds of attempt i start at i times this: attempts never share a seed. */
    public static final long SEED_STRIDE = 1_000_000;

    /** One attempt: runs made until the first violation (or the cap), whether one was found, what kind, and its time. */
    public record Attempt(long start, long runs, boolean found, String kind, double seconds) {}

    /** A variant under one strategy: the resolved spec and every attempt; {@code skipped} says why it was not run, or null. */
    public record Cell(StrategySpec strategy, List<Attempt> attempts, String skipped) {
        /** The median of runs to the first violation; a missed attempt counts as more than the cap. */
        public String medianRuns(long cap) {
            if (skipped != null) return "n/a";
            long[] r = attempts.stream().mapToLong(a -> a.found() ? a.runs() : Long.MAX_VALUE).sorted().toArray();
            long m = median(r);
            return m == Long.MAX_VALUE ? ">" + cap : Long.toString(m);
        }

        /** Median seconds to the first violation (a miss counts as its whole time, and the median is marked as a lower bound). */
        public double medianSeconds() {
            double[] s = attempts.stream().mapToDouble(Attempt::seconds).sorted().toArray();
            if (s.length == 0) return 0;
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        public long found() { return attempts.stream().filter(Attempt::found).count(); }

        private static long median(long[] sorted) {
            if (sorted.length == 0) return Long.MAX_VALUE;
            if (sorted.length % 2 == 1) return sorted[sorted.length / 2];
            long a = sorted[sorted.length / 2 - 1], b = sorted[sorted.length / 2];
            if (b == Long.MAX_VALUE) return Long.MAX_VALUE;
            return (a + b) / 2;
        }
    }

    private SearchBench() {}

    /** Runs a program {@code runs} times, results unused: the JIT compiles the cores before the first timed attempt. */
    public static void warmUp(Program p, int runs) {
        for (long seed = 0; seed < runs; seed++) PureRunner.run(p, StrategySpec.random().create(seed), seed, false);
    }

    /** Whether a variant's expect lines name a violation (any kind but clean): the variants the bench measures. */
    public static boolean expectsBug(List<ExpectDecl> expects) {
        return expects.stream().anyMatch(e -> !e.kind().equals("clean"));
    }

    /**
     * Runs {@code starts} attempts of {@code spec} on {@code p}, each from its
     * own seed range, each until a run ends in a violation or {@code cap} runs.
     * A variant that expects only starvation is skipped under strategies that
     * do not judge it.
     */
    public static Cell measure(Program p, List<ExpectDecl> expects, StrategySpec spec, int starts, long cap) {
        boolean livenessOnly = expects.stream().filter(e -> !e.kind().equals("clean")).allMatch(e -> e.kind().equals("starvation"));
        StrategySpec s = spec.resolve(p);
        if (livenessOnly && !s.judgesLiveness()) return new Cell(s, List.of(), "starvation is judged only under fair");
        List<Attempt> out = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            long first = i * SEED_STRIDE;
            long t0 = System.nanoTime();
            long n = 0;
            String kind = null;
            while (n < cap && kind == null) {
                long seed = first + n;
                RunResult r = PureRunner.run(p, s.create(seed), seed, false);
                n++;
                if (r.outcome() instanceof Outcome.Violated v) kind = v.violation().kind();
            }
            out.add(new Attempt(first, n, kind != null, kind, (System.nanoTime() - t0) / 1e9));
        }
        return new Cell(s, List.copyOf(out), null);
    }

    /** The kinds of the first violations of the attempts, most frequent first, for the table. */
    public static String kinds(Cell c) {
        java.util.TreeMap<String, Integer> m = new java.util.TreeMap<>();
        for (Attempt a : c.attempts()) if (a.found()) m.merge(a.kind(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> parts.add(e.getKey()));
        return String.join(", ", parts);
    }
}
