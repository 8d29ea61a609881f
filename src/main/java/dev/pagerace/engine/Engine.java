package dev.pagerace.engine;

import dev.pagerace.program.Program;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Runs runs. Two implementations drive the same {@link RunCore} and pure
 * cores: {@link ActorEngine} (every object of a run an Akka actor) and
 * {@link PureEngine} (no actors: the reference and the speed limit).
 */
public interface Engine extends AutoCloseable {
    String name();

    RunResult run(Program program, Strategy strategy, long seed, boolean tracing);

    /**
     * Runs seeds {@code first .. first+count-1}, many at a time, and returns
     * the results in seed order; {@code onResult} sees each as it finishes.
     */
    List<RunResult> runMany(Program program, LongFunction<Strategy> strategies, long first, int count, boolean tracing,
                            Consumer<RunResult> onResult);

    @Override void close();

    /**
     * Starts shutting down without waiting for it: for a command whose
     * process ends right after (an actor system takes about 0.1 s to
     * terminate, a tenth of a cold run). Once called, the engine takes no
     * more runs.
     */
    default void closeSoon() { close(); }

    /** {@code actors} or {@code pure}; null for anything else. */
    static Engine named(String name) {
        return switch (name) {
            case "actors" -> ActorEngine.start();
            case "pure" -> new PureEngine(Runtime.getRuntime().availableProcessors());
            default -> null;
        };
    }
}
