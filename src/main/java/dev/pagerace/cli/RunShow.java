package dev.pagerace.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code replay} share: the engine, and how the one run is shown (trace, tail, shrink, JSON, lock_stat). */
final class RunShow {
    @Option(names = "--trace", arity = "0..1", paramLabel = "all", preprocessor = TraceFlag.class,
        description = "print every delivery; --trace all also prints the resume steps (a task taking a reply), which plain --trace and the tail hide")
    String trace;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "40", description = "deliveries shown before the verdict without --trace (default ${DEFAULT-VALUE})")
    int tail;

    @Option(names = "--shrink", description = "shrink a violating run while it keeps its violation's signature; prints the shrunk trace and schedule")
    boolean shrink;

    @Option(names = "--shrink-runs", paramLabel = "N", defaultValue = "" + dev.pagerace.engine.Shrinker.DEFAULT_RUNS,
        description = "candidate runs the shrink may make at most (default ${DEFAULT-VALUE})")
    int shrinkRuns;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "actors",
        description = "actors (default: one Akka actor per task, lock, slot, inode, wait queue) or pure (the same cores, no actors)")
    String engine;

    @Option(names = "--json", description = "print the run as one JSON object (docs/results-format.md) instead of text; the trace only with --trace")
    boolean json;

    @Option(names = "--lock-stat", description = "also print lock_stat for the run: per lock class, contentions, wait and hold times in deliveries, contention points")
    boolean lockStat;

    boolean traced() { return trace != null; }

    boolean traceAll() { return TraceFlag.ALL.equals(trace); }

    /** False after saying on {@code err} what is wrong: the command exits with {@link Main#EXIT_BAD_INPUT}. */
    boolean valid(PrintWriter err) {
        if (tail >= 0) return true;
        err.println("pagerace: --tail must not be negative, not " + tail);
        return false;
    }
}
