package dev.pagerace.campaign;

import dev.pagerace.engine.Engine;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.program.Program;
import java.util.Arrays;

/**
 * Throughput of the pure and actor engines on one variant, side by side:
 * alternating warm-up rounds, then alternating timed iterations of random
 * runs (the same seeds for both engines), giving runs/s and deliveries/s;
 * plus, on the pure cores and the calling thread alone, the actors of a run
 * and the bytes allocated per run and per delivery (read from the JVM's
 * per-thread allocation counter, which other load on the machine does not
 * change). The figures behind docs/PERFORMANCE.md and
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
    static final long WARMUP_LIMIT_NANOS = 60_000_000_000L;

    /**
     * Warm-up lasts at least this long: the JIT compiles a run's code by
     * invocation counts, and a variant's rarer paths (a deadlock's report) are
     * compiled seconds after its common ones; a rate can hold still for two
     * rounds and then double (xfs-reflink/generic-invalidate-lock, one thread:
     * 6,800 runs/s for three seconds, 20,000 after six).
     */
    static final long WARMUP_MIN_NANOS = 8_000_000_000L;

    /** A timed iteration lasts at least this long. */
    static final long ITERATION_NANOS = 1_000_000_000L;

    /** A warm-up round lasts at least this long: the JIT settles by invocation counts, not by runs (a run may be 15 deliveries). */
    static final long ROUND_NANOS = 1_000_000_000L;

    /**
     * Both engines on one variant, side by side: warm-up rounds alternate
     * between them until both rates are steady, then timed iterations
     * alternate too (pure, actors, pure, ...), each of batches of {@code runs}
     * seeds for at least {@link #ITERATION_NANOS}. Both engines run the same
     * cores, so the JIT's work on them serves both: measured one after the
     * other, the second engine would run on code the first one's runs had
     * compiled, and short runs would show it several times faster than it
     * is. Iteration i of each engine starts at seed i * 1,000,000, so both
     * run the same seeds in the same order.
     */
    public static Result[] compare(Engine pure, Engine actors, Program p, int warmup, int iterations, int runs) {
        Engine[] engines = {pure, actors};
        warmUp(engines, p, warmup);
        double[][] rps = new double[2][iterations], dps = new double[2][iterations];
        long[] deliveries = new long[2], made = new long[2];
        for (int i = 0; i < iterations; i++) {
            for (int e = 0; e < 2; e++) {
                Batches b = runFor(engines[e], p, (long) i * 1_000_000L, runs, ITERATION_NANOS);
                rps[e][i] = b.runs() / b.seconds();
                dps[e][i] = b.deliveries() / b.seconds();
                deliveries[e] += b.deliveries();
                made[e] += b.runs();
            }
        }
        Result[] out = new Result[2];
        for (int e = 0; e < 2; e++) {
            out[e] = new Result(engines[e].name(), rps[e], dps[e], made[e] == 0 ? 0 : (double) deliveries[e] / made[e]);
        }
        return out;
    }

    /** What {@link #runFor} ran: runs, their deliveries, and the seconds they took. */
    private record Batches(long runs, long deliveries, double seconds) {}

    /** Batches of {@code batch} random runs from {@code seed} on, until at least {@code nanos} have passed. */
    private static Batches runFor(Engine engine, Program p, long seed, int batch, long nanos) {
        long t0 = System.nanoTime(); // a benchmark's own clock: nothing in a run sees it
        long n = 0, d = 0;
        do {
            for (RunResult r : engine.runMany(p, RandomStrategy::new, seed, batch, false, r -> { })) d += r.steps();
            seed += batch;
            n += batch;
        } while (System.nanoTime() - t0 < nanos);
        return new Batches(n, d, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Untimed rounds (batches of {@code warmup} runs, at least a second each),
     * each engine in turn, for at least {@link #WARMUP_MIN_NANOS}, and then
     * until every engine's last two rounds agree within 10 % on runs/s, or
     * the limit passes.
     */
    static void warmUp(Engine[] engines, Program p, int warmup) {
        if (warmup <= 0) return;
        long start = System.nanoTime(), seed = 1_000_000_000L;
        double[] last = new double[engines.length];
        while (true) {
            boolean steady = true;
            for (int e = 0; e < engines.length; e++) {
                Batches b = runFor(engines[e], p, seed, warmup, ROUND_NANOS);
                double rate = b.runs() / b.seconds();
                steady &= last[e] > 0 && Math.abs(rate - last[e]) <= 0.1 * last[e];
                last[e] = rate;
            }
            seed += 1_000_000L;
            long spent = System.nanoTime() - start;
            if (spent > WARMUP_LIMIT_NANOS || (steady && spent >= WARMUP_MIN_NANOS)) return;
        }
    }

    /**
     * Memory of one run: its actors (one per model object: task, lock, page
     * slot, inode, wait queue, block pool; the run actor that schedules them
     * is one more, kept from run to run by the pool), and the bytes the
     * calling thread allocates per run and per delivery on the pure cores.
     * Bytes are -1 where the JVM cannot tell.
     */
    public record Memory(int actorsPerRun, double bytesPerRun, double bytesPerDelivery) {}

    /** {@link Memory} over {@code runs} pure runs, after {@code warmup}. */
    public static Memory memory(Program p, int warmup, int runs) {
        int actors = p.objectCount();
        if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
            || !mx.isThreadAllocatedMemorySupported()) {
            return new Memory(actors, -1, -1);
        }
        for (int i = 0; i < warmup; i++) PureRunner.run(p, new RandomStrategy(2_000_000_000L + i), 2_000_000_000L + i, false);
        long id = Thread.currentThread().getId();
        long b0 = mx.getThreadAllocatedBytes(id), steps = 0;
        for (int i = 0; i < runs; i++) steps += PureRunner.run(p, new RandomStrategy(i), i, false).steps();
        long bytes = mx.getThreadAllocatedBytes(id) - b0;
        return new Memory(actors, runs == 0 ? 0 : (double) bytes / runs, steps == 0 ? 0 : (double) bytes / steps);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        if (s.length == 0) return 0;
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String spread(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        if (s.length == 0) return "-";
        return String.format(java.util.Locale.ROOT, "%,.0f (%,.0f-%,.0f)", median(s), s[0], s[s.length - 1]);
    }
}
