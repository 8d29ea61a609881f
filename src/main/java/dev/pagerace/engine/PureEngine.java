package dev.pagerace.engine;

import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/** Runs on plain threads with {@link PureRunner}: one run per thread at a time, no actors. */
public final class PureEngine implements Engine {
    private final ExecutorService pool;

    public PureEngine(int threads) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "pagerace-pure");
            t.setDaemon(true);
            return t;
        });
    }

    @Override public String name() { return "pure"; }

    @Override public RunResult run(Program program, Strategy strategy, long seed, boolean tracing) {
        return PureRunner.run(program, strategy, seed, tracing);
    }

    @Override public List<RunResult> runMany(Program program, LongFunction<Strategy> strategies, long first, int count,
                                             boolean tracing, Consumer<RunResult> onResult) {
        List<Future<RunResult>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seed = first + i;
            futures.add(pool.submit(() -> {
                RunResult r = PureRunner.run(program, strategies.apply(seed), seed, tracing);
                if (onResult != null) {
                    synchronized (this) {
                        onResult.accept(r);
                    }
                }
                return r;
            }));
        }
        List<RunResult> out = new ArrayList<>(count);
        for (Future<RunResult> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("run failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    @Override public void close() {
        pool.shutdownNow();
    }
}
