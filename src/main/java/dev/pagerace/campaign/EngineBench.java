package dev.pagerace.campaign;

import dev.pagerace.engine.Engine;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.program.Program;
import java.util.Arrays;
import java.util.List;

/**
 * Throughput of an engine on one variant: after warm-up runs, several
 * iterations of a fixed number of random runs (the same seeds for every
 * engine), each timed whole, giving runs/s and deliveries/s; plus, on the
 * pure cores and the calling thread alone, the bytes allocated per delivery
 * (read from the JVM's per-thread allocation counter, which other load on
 * the machine does not change). The figures behind docs/PERFORMANCE.md and
 * {@code pagerace bench engines}; a benchmark, never a test.
 */
public final class EngineBench {
    private EngineBench() {}

    /** One engine on one variant: per iteration runs/s and deliveries/s, deliveries per run. */
    public record Result(String engine, double[] runsPerSecond, double[] deliveriesPerSecond, double deliveriesPerRun) {
        public double medianRuns() { return median(runsPerSecond); }

        public double medianDeliveries() { return median(deliveriesPerSecond); }

        /** "median (min-max)" of runs/s. */
        public String runsSpread() { return spread(runsPerSecond); }

        public String deliveriesSpread() { return spread(deliveriesPerSecond); }
    }

    /** Warm-up gives up waiting for a steady rate after this long (a loaded machine may never show one). */
    static final long WARMUP_LIMIT_NANOS = 20_000_000_000L;

    /**
     * Timed iterations, each of batches of {@code runs} seeds until at least
     * {@link #ITERATION_NANOS} has passed (a batch of short runs is over in
     * milliseconds, too short to time). Iteration i starts at seed
     * i * 1,000,000, so both engines run the same seeds in the same order.
     */
    public static Result measure(Engine engine, Program p, int warmup, int iterations, int runs) {
        warmUp(engine, p, warmup);
        double[] rps = new double[iterations], dps = new double[iterations];
        long deliveries = 0, made = 0;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime(); // a benchmark's own clock: nothing in a run sees it
            long seed = (long) i * 1_000_000L, d = 0, n = 0;
            do {
                for (RunResult r : engine.runMany(p, RandomStrategy::new, seed, runs, false, r -> { })) d += r.steps();
                seed += runs;
                n += runs;
            } while (System.nanoTime() - t0 < ITERATION_NANOS);
            double s = (System.nanoTime() - t0) / 1e9;
            rps[i] = n / s;
            dps[i] = d / s;
            deliveries += d;
            made += n;
        }
        return new Result(engine.name(), rps, dps, made == 0 ? 0 : (double) deliveries / made);
    }

    /** A timed iteration lasts at least this long. */
    static final long ITERATION_NANOS = 1_000_000_000L;

    /** A warm-up round lasts at least this long: the JIT settles by invocation counts, not by runs (a run may be 15 deliveries). */
    static final long ROUND_NANOS = 1_000_000_000L;

    /**
     * Untimed rounds (batches of {@code warmup} runs, at least a second in
     * all) until two rounds in a row agree within 10 % on runs/s: the JIT has
     * settled (on shmem-fallocate mainline that takes a few thousand runs, far
     * more than one batch) or the limit passes.
     */
    static void warmUp(Engine engine, Program p, int warmup) {
        if (warmup <= 0) return;
        long start = System.nanoTime(), seed = 1_000_000_000L;
        double last = 0;
        while (true) {
            long t0 = System.nanoTime(), made = 0;
            do {
                engine.runMany(p, RandomStrategy::new, seed, warmup, false, r -> { });
                seed += warmup;
                made += warmup;
            } while (System.nanoTime() - t0 < ROUND_NANOS);
            double rate = made / ((System.nanoTime() - t0) / 1e9);
            if (last > 0 && Math.abs(rate - last) <= 0.1 * last) return;
            if (System.nanoTime() - start > WARMUP_LIMIT_NANOS) return;
            last = rate;
        }
    }

    /** Bytes the calling thread allocates per delivery over {@code runs} pure runs (after {@code warmup}); -1 where the JVM cannot tell. */
    public static double bytesPerDelivery(Program p, int warmup, int runs) {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
            || !mx.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        for (int i = 0; i < warmup; i++) PureRunner.run(p, new RandomStrategy(2_000_000_000L + i), 2_000_000_000L + i, false);
        long id = Thread.currentThread().getId();
        long b0 = mx.getThreadAllocatedBytes(id), steps = 0;
        for (int i = 0; i < runs; i++) steps += PureRunner.run(p, new RandomStrategy(i), i, false).steps();
        long bytes = mx.getThreadAllocatedBytes(id) - b0;
        return steps == 0 ? 0 : (double) bytes / steps;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        if (s.length == 0) return 0;
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String spread(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        if (s.length == 0) return "-";
        return String.format(java.util.Locale.ROOT, "%,.0f (%,.0f-%,.0f)", median(s), s[0], s[s.length - 1]);
    }
}
