package dev.pagerace.cli;

import dev.pagerace.engine.Engine;
import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Strategy;
import dev.pagerace.program.Program;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pagerace run FILE --variant V --seed S}: one run, its trace and its verdict. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs one seeded run of a scenario variant and prints its trace and verdict.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "scenario file (.kp)")
    Path file;

    @Option(names = "--variant", paramLabel = "V", description = "variant to run (required when the file has several)")
    String variant;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of the strategy (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "random", description = "scheduling strategy: random (default), or dfs: explore every schedule and choice (exhaustive)")
    String strategy;

    @CommandLine.Mixin DfsFlags dfs;

    @Option(names = "--trace", description = "print every delivery (default: the last ${DEFAULT-VALUE} lines are not shown; see --tail)")
    boolean fullTrace;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "40", description = "deliveries shown before the verdict without --trace (default ${DEFAULT-VALUE})")
    int tail;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "actors",
        description = "actors (default: one Akka actor per task, lock, slot, inode, wait queue) or pure (the same cores, no actors)")
    String engine;

    @Override public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Program program;
        try {
            program = Scenarios.load(file, err).variant(variant, err);
        } catch (Scenarios.BadInput e) {
            return Main.EXIT_BAD_INPUT;
        }
        if (strategy.equals("dfs")) {
            dev.pagerace.engine.dfs.DfsResult d = new dev.pagerace.engine.dfs.Explorer(program, dfs.options()).explore();
            DfsOutput.print(out, file, program, d, fullTrace, tail);
            return DfsOutput.exitCode(d);
        }
        if (!Strategy.NAMES.contains(strategy)) {
            err.println("pagerace: unknown strategy '" + strategy + "' (" + String.join(", ", Strategy.NAMES) + ")");
            return Main.EXIT_BAD_INPUT;
        }
        Engine e;
        try {
            e = Scenarios.engine(engine, err);
        } catch (Scenarios.BadInput ex) {
            return Main.EXIT_BAD_INPUT;
        }
        RunResult r;
        try (e) {
            r = e.run(program, Strategy.named(strategy, seed), seed, true);
        }
        String replay = "./pagerace replay " + file + " --variant " + program.variant() + " --schedule " + r.schedule().encode();
        Output.print(out, r, fullTrace, tail,
            "./pagerace run " + file + " --variant " + program.variant() + " --seed " + seed + (strategy.equals("random") ? "" : " --strategy " + strategy),
            replay);
        return exitCode(r.outcome());
    }

    static int exitCode(Outcome o) {
        if (o instanceof Outcome.Violated) return Main.EXIT_VIOLATION;
        if (o instanceof Outcome.ModelFault || o instanceof Outcome.Diverged) return Main.EXIT_BAD_INPUT;
        return 0;
    }
}
