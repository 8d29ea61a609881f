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

    @CommandLine.Mixin RunShow show;

    @Override public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!show.valid(err)) return Main.EXIT_BAD_INPUT;
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
        Engine e = Scenarios.engineOrNull(show.engine, err);
        if (e == null) return Main.EXIT_BAD_INPUT;
        RunResult r;
        String replayPrefix = "./pagerace replay " + file + " --variant " + program.variant()
            + dev.pagerace.campaign.Sweep.options(dev.pagerace.campaign.Sweep.parseSets(sets)) + (fair ? " --fair" : "")
            + (seed == null ? "" : " --seed " + seed) + " --schedule ";
        try (e) {
            // what is replayed is the schedule: the seed is printed only when the user knows it
            long label = seed == null ? RunResult.NO_SEED : seed;
            r = e.run(program, new ReplayStrategy(s, null, fair), label, true);
            if (show.shrink && r.outcome() instanceof dev.pagerace.engine.Outcome.Violated) {
                Shrinker.Shrunk sh = Shrinker.shrink(program, s, null, show.shrinkRuns, label);
                if (sh != null) {
                    RunResult shrunk = e.run(program, new ReplayStrategy(sh.shrunk().schedule(), null, fair), label, true);
                    if (show.json) {
                        var o = RunJson.of("replay", r, RunCommand.exitCode(shrunk.outcome()), null, replayPrefix + schedule.trim(), show.traced());
                        RunJson.shrunk(o, sh, shrunk);
                        RunJson.print(out, o);
                        return RunCommand.exitCode(shrunk.outcome());
                    }
                    Output.printShrunk(out, sh, shrunk, "schedule " + schedule.trim(), replayPrefix);
                    if (show.lockStat) RunCommand.printLockStat(out, shrunk);
                    return RunCommand.exitCode(shrunk.outcome());
                }
            }
        }
        if (show.json) {
            RunJson.print(out, RunJson.of("replay", r, RunCommand.exitCode(r.outcome()), null, replayPrefix + schedule.trim(), show.traced()));
            return RunCommand.exitCode(r.outcome());
        }
                Output.print(out, r, show.traced(), show.traceAll(), show.tail, null, replayPrefix + schedule);
        if (show.shrink) out.println("nothing to shrink: the run shows no violation");
        if (show.lockStat) RunCommand.printLockStat(out, r);
        out.flush();
        return RunCommand.exitCode(r.outcome());
    }
}
