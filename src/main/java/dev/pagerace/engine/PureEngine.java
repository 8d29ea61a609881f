package dev.pagerace.engine;

import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/** Runs on plain threads with {@link PureRunner}: one run per thread at a time, no actors. */
public final class PureEngine implements Engine {
    private final ExecutorService pool;
    private final int threads;

    public PureEngine(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "pagerace-pure");
            t.setDaemon(true);
            return t;
        });
    }

    @Override public String name() { return "pure"; }

    @Override public RunResult run(Program program, Strategy strategy, long seed, boolean tracing) {
        return PureRunner.run(program, strategy, seed, tracing);
    }

    /**
     * One task per thread, each taking the next seed until none is left:
     * a task per run cost runs of a few dozen deliveries more in queueing and
     * wake-ups than the runs themselves. Results come back in seed order.
     */
    @Override public List<RunResult> runMany(Program program, LongFunction<Strategy> strategies, long first, int count,
                                             boolean tracing, Consumer<RunResult> onResult) {
        RunResult[] results = new RunResult[Math.max(0, count)];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>(threads);
        for (int t = 0; t < Math.min(threads, count); t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long seed = first + i;
                    RunResult r = PureRunner.run(program, strategies.apply(seed), seed, tracing);
                    results[i] = r;
                    if (onResult != null) {
                        synchronized (this) {
                            onResult.accept(r);
                        }
                    }
                }
            }));
        }
        for (Future<?> f : workers) {
            try {
                f.get(); // also makes the workers' writes to results visible here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("run failed: " + e.getCause(), e.getCause());
            }
        }
        return new ArrayList<>(java.util.Arrays.asList(results));
    }

    @Override public void close() {
        pool.shutdownNow();
    }
}
