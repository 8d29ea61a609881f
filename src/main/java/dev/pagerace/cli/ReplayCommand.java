package dev.pagerace.cli;

import dev.pagerace.engine.Engine;
import dev.pagerace.engine.ReplayStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Schedule;
import dev.pagerace.engine.Shrinker;
import dev.pagerace.program.Program;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pagerace replay FILE --variant V --schedule STRING}: re-runs a recorded schedule exactly. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-runs a recorded schedule (the pr1.… string a run or campaign printed) and prints its trace.")
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "scenario file (.kp)")
    Path file;

    @Option(names = "--set", paramLabel = "TASK=N", description = "run N instances of TASK instead of its declared count (a sweep point; repeatable)")
    List<String> sets = new java.util.ArrayList<>();

    @Option(names = "--variant", paramLabel = "V", description = "variant the schedule was recorded on")
    String variant;

    @Option(names = "--schedule", paramLabel = "STRING", required = true, description = "the recorded schedule (pr1.…)")
    String schedule;

    @Option(names = "--seed", paramLabel = "S",
        description = "the seed the schedule was recorded from, when known: printed with the run (a replay follows the schedule, not the seed)")
    Long seed;

    @Option(names = "--fair", description = "the schedule was recorded under fair: judge starvation as that run did (only fair runs judge it)")
    boolean fair;

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

    @Option(names = "--engine", paramLabel = "E", defaultValue = "actors", description = "actors (default) or pure")
    String engine;

    @Option(names = "--json", description = "print the run as one JSON object (docs/results-format.md) instead of text; the trace only with --trace")
    boolean json;

    @Option(names = "--lock-stat", description = "also print lock_stat for the run (per lock class: contentions, wait and hold times, contention points)")
    boolean lockStat;

    @Override public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (tail < 0) {
            err.println("pagerace: --tail must not be negative, not " + tail);
            return Main.EXIT_BAD_INPUT;
        }
        Program program;
        try {
            program = Scenarios.load(file, err, sets).variant(variant, err);
        } catch (Scenarios.BadInput e) {
            return Main.EXIT_BAD_INPUT;
        }
        Schedule s;
        try {
            s = Schedule.decode(schedule);
        } catch (IllegalArgumentException e) {
            err.println("pagerace: bad --schedule: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        Engine e;
        try {
            e = Scenarios.engine(engine, err);
        } catch (Scenarios.BadInput ex) {
            return Main.EXIT_BAD_INPUT;
        }
        RunResult r;
        String replayPrefix = "./pagerace replay " + file + " --variant " + program.variant()
            + dev.pagerace.campaign.Sweep.options(dev.pagerace.campaign.Sweep.parseSets(sets)) + (fair ? " --fair" : "")
            + (seed == null ? "" : " --seed " + seed) + " --schedule ";
        try (e) {
            // what is replayed is the schedule: the seed is printed only when the user knows it
            long label = seed == null ? RunResult.NO_SEED : seed;
            r = e.run(program, new ReplayStrategy(s, null, fair), label, true);
            if (shrink && r.outcome() instanceof dev.pagerace.engine.Outcome.Violated) {
                Shrinker.Shrunk sh = Shrinker.shrink(program, s, null, shrinkRuns, label);
                if (sh != null) {
                    RunResult shrunk = e.run(program, new ReplayStrategy(sh.shrunk().schedule(), null, fair), label, true);
                    if (json) {
                        var o = RunJson.of("replay", r, RunCommand.exitCode(shrunk.outcome()), null, replayPrefix + schedule.trim(), trace != null);
                        RunJson.shrunk(o, sh, shrunk);
                        RunJson.print(out, o);
                        return RunCommand.exitCode(shrunk.outcome());
                    }
                    Output.printShrunk(out, sh, shrunk, "schedule " + schedule.trim(), replayPrefix);
                    if (lockStat) RunCommand.printLockStat(out, shrunk);
                    return RunCommand.exitCode(shrunk.outcome());
                }
            }
        }
        if (json) {
            RunJson.print(out, RunJson.of("replay", r, RunCommand.exitCode(r.outcome()), null, replayPrefix + schedule.trim(), trace != null));
            return RunCommand.exitCode(r.outcome());
        }
                Output.print(out, r, trace != null, TraceFlag.ALL.equals(trace), tail, null, replayPrefix + schedule);
        if (shrink) out.println("nothing to shrink: the run shows no violation");
        if (lockStat) RunCommand.printLockStat(out, r);
        out.flush();
        return RunCommand.exitCode(r.outcome());
    }
}
