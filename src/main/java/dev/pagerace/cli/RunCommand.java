package dev.pagerace.cli;

import dev.pagerace.engine.Engine;
import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.ReplayStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Shrinker;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.program.Program;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--set", paramLabel = "TASK=N", description = "run N instances of TASK instead of its declared count (a sweep point; repeatable)")
    List<String> sets = new java.util.ArrayList<>();

    @Option(names = "--variant", paramLabel = "V", description = "variant to run (required when the file has several)")
    String variant;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of the strategy (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "random",
        description = "scheduling strategy: random (default), pct (priorities with d-1 change points), fair (random among runnable tasks; judges starvation) dfs (every schedule and choice, exhaustively) or bfs (breadth first: a shortest counterexample)")
    String strategy;

    @Option(names = "--depth", paramLabel = "D", description = "pct: bug depth d, the number of priority change points plus one (default 3)")
    Integer depth;

    @Option(names = "--pct-steps", paramLabel = "K", description = "pct: steps k over which change points are drawn (default: the longest of 5 random runs)")
    Long pctSteps;

    @CommandLine.Mixin DfsFlags dfs;

    @CommandLine.Mixin RunShow show;

    /**
     * Whether a {@code run} with these arguments (the subcommand's, after "run") will most likely use the actor
     * engine: no {@code --engine} other than actors, no exploring strategy, no help. A guess made before picocli
     * parses them, only to start the engine early ({@link EarlyEngine#prestart}); a wrong guess costs time, never
     * a different result, since the command decides from its parsed options.
     */
    static boolean likelyActors(java.util.List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : "";
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return false;
            if (a.equals("--engine") && !next.equals("actors") || a.startsWith("--engine=") && !a.equals("--engine=actors")) return false;
            if (a.equals("--strategy") && (next.equals("dfs") || next.equals("bfs")) || a.equals("--strategy=dfs") || a.equals("--strategy=bfs")) {
                return false;
            }
        }
        return true;
    }

    @Override public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!show.valid(err)) return Main.EXIT_BAD_INPUT;
        boolean explores = strategy.equals("dfs") || strategy.equals("bfs");
        // the actor system starts while the scenario is parsed and compiled; every path below closes it unless it ran
        try (EarlyEngine early = EarlyEngine.startIfActors(explores ? "none" : show.engine)) {
            return call(out, err, early);
        }
    }

    private int call(java.io.PrintWriter out, java.io.PrintWriter err, EarlyEngine early) {
        Program program;
        try {
            program = Scenarios.load(file, err, sets).variant(variant, err);
        } catch (Scenarios.BadInput e) {
            return Main.EXIT_BAD_INPUT;
        }
        if (strategy.equals("dfs") || strategy.equals("bfs")) {
            if (show.json) {
                err.println("pagerace: --json describes one run; --strategy " + strategy + " explores many (use check --strategy dfs)");
                return Main.EXIT_BAD_INPUT;
            }
            var explorer = new dev.pagerace.engine.dfs.Explorer(program, dfs.options())
                .watch(dev.pagerace.engine.dfs.MemoryGuard.heap(), new SearchProgressLines(err, program.scenario() + "/" + program.variant()));
            dev.pagerace.engine.dfs.DfsResult d = strategy.equals("bfs") ? explorer.shortest() : explorer.explore();
            DfsOutput.print(out, file, program, strategy, d, show.traced(), show.traceAll(), show.tail);
            return DfsOutput.exitCode(d);
        }
        StrategySpec strat;
        try {
            strat = StrategySpec.of(strategy, depth, pctSteps).resolve(program);
        } catch (IllegalArgumentException ex) {
            err.println("pagerace: " + ex.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        Engine e = early != null ? early.take() : Scenarios.engineOrNull(show.engine, err);
        if (e == null) return Main.EXIT_BAD_INPUT;
        RunResult r;
        String setOpts = dev.pagerace.campaign.Sweep.options(dev.pagerace.campaign.Sweep.parseSets(sets));
        String rerun = "./pagerace run " + file + " --variant " + program.variant() + setOpts + " --seed " + seed + strat.options();
        String replayPrefix = "./pagerace replay " + file + " --variant " + program.variant() + setOpts + (strat.judgesLiveness() ? " --fair" : "")
            + " --schedule ";
        try {
            r = e.run(program, strat.create(seed), seed, true);
            if (show.shrink) {
                Shrinker.Shrunk sh = Shrinker.shrink(program, r.schedule(), null, show.shrinkRuns, seed);
                if (sh != null) {
                    RunResult s = e.run(program, new ReplayStrategy(sh.shrunk().schedule(), null, strat.judgesLiveness()), seed, true);
                    if (show.json) {
                        var o = RunJson.of("run", r, exitCode(s.outcome()), rerun, replayPrefix + r.schedule().encode(), show.traced());
                        RunJson.shrunk(o, sh, s);
                        RunJson.print(out, o);
                        return exitCode(s.outcome());
                    }
                    Output.printShrunk(out, sh, s, "seed " + seed + " (" + rerun + ")", replayPrefix);
                    if (show.lockStat) printLockStat(out, s);
                    return exitCode(s.outcome());
                }
            }
        } finally {
            e.closeSoon(); // the command ends here: the actor system finishes terminating on its own
        }
        if (show.json) {
            RunJson.print(out, RunJson.of("run", r, exitCode(r.outcome()), rerun, replayPrefix + r.schedule().encode(), show.traced()));
            return exitCode(r.outcome());
        }
        // the verdict line already names random; pct and fair say more (pct: n, k, d and its bound)
        Output.print(out, r, show.traced(), show.traceAll(), show.tail, rerun, replayPrefix + r.schedule().encode(),
            strat.name().equals("random") ? null : strat.describe(program.tasks().size()));
        if (show.shrink) out.println("nothing to shrink: the run shows no violation");
        if (show.lockStat) printLockStat(out, r);
        out.flush();
        return exitCode(r.outcome());
    }

    static void printLockStat(java.io.PrintWriter out, RunResult r) {
        dev.pagerace.stats.LockStat stat = new dev.pagerace.stats.LockStat();
        stat.addRun(r.lockUse());
        out.println();
        out.println("lock_stat: " + r.scenario() + "/" + r.variant() + ", seed " + r.seed() + ", " + r.steps() + " deliveries");
        dev.pagerace.report.LockStatTable.print(out, stat);
        out.flush();
    }

    static int exitCode(Outcome o) {
        if (o instanceof Outcome.Violated) return Main.EXIT_VIOLATION;
        if (o instanceof Outcome.ModelFault || o instanceof Outcome.Diverged) return Main.EXIT_BAD_INPUT;
        return 0;
    }
}
