package dev.pagerace.cli;

import dev.pagerace.campaign.Catalog;
import dev.pagerace.campaign.VariantSummary;
import dev.pagerace.engine.Engine;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Ast.ExpectDecl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pagerace check [DIR|FILE...]}: every variant of every scenario against its expect lines. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Runs every variant of every scenario for the runs its expect lines need and checks the results.")
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR|FILE", arity = "0..*", description = "scenario files or directories (default: scenarios)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "0", description = "cap the runs of every variant (0: no cap)")
    long maxRuns;

    @Option(names = "--min-clean-runs", paramLabel = "N", defaultValue = "0",
        description = "run every variant expected clean at least N times (the long mode uses 10000)")
    long minCleanRuns;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "actors", description = "actors (default) or pure")
    String engine;

    @Option(names = "--strategy", paramLabel = "S",
        description = "random, pct or fair for every variant (default: fair for variants expected clean or to starve, random for the others);"
            + " variants expecting starvation always run fair, the only strategy that judges it;"
            + " or dfs: search every variant exhaustively (see run's dfs options)")
    String strategy;

    @Option(names = "--depth", paramLabel = "D",
        description = "pct: bug depth d for every variant (default: per variant, the deepest 'depth D' of its expect lines, 3 where none is declared)")
    Integer depth;

    @Option(names = "--pct-steps", paramLabel = "K", description = "pct: steps k (default: per variant, the longest of 5 random runs)")
    Long pctSteps;

    @Option(names = "--latency", description = "also print op latencies (deliveries: p50, p99, max) per variant")
    boolean latency;

    @Option(names = "--shrink-runs", paramLabel = "N", defaultValue = "200",
        description = "shrink the shortest run of each distinct violation signature with at most N candidate runs (0: do not shrink; default ${DEFAULT-VALUE})")
    int shrinkRuns;

    @Option(names = "--sweep", paramLabel = "TASK=N,N...",
        description = "run every variant once per instance count of TASK (e.g. faulter=1,2,4,8); implies --latency")
    String sweep;

    @Option(names = "--set", paramLabel = "TASK=N", description = "run N instances of TASK instead of its declared count (repeatable)")
    List<String> sets = new ArrayList<>();

    @CommandLine.Mixin DfsFlags dfs;

    @Option(names = "--json", description = "print the results as one JSON object (docs/results-format.md) instead of the table")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "also write JUnit XML to FILE: one test case per expect line, for CI")
    Path junit;

    @Option(names = "--lock-stat", description = "also print lock_stat per variant: per lock class, contentions, wait and hold times, contention points")
    boolean lockStat;

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (paths.isEmpty()) paths.add(Path.of("scenarios"));
        boolean exhaustive = "dfs".equals(strategy);
        StrategySpec requested = null;
        try {
            if (strategy != null && !exhaustive) requested = StrategySpec.of(strategy, depth, pctSteps);
            else if (depth != null || pctSteps != null) throw new IllegalArgumentException("--depth and --pct-steps apply to --strategy pct only");
        } catch (IllegalArgumentException ex) {
            err.println("pagerace: " + ex.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        List<Path> files;
        try {
            files = Scenarios.files(paths, err);
        } catch (Scenarios.BadInput e) {
            return Main.EXIT_BAD_INPUT;
        }
        List<Scenarios.Loaded> loaded = new ArrayList<>();
        boolean bad = false;
        for (Path f : files) {
            try {
                loaded.add(Scenarios.load(f, err, sets));
            } catch (Scenarios.BadInput e) {
                bad = true;
            }
        }
        if (bad) return Main.EXIT_BAD_INPUT;
        if (exhaustive && (json || junit != null)) {
            err.println("pagerace: --json and --junit report sampled runs; --strategy dfs is not supported with them yet");
            return Main.EXIT_BAD_INPUT;
        }
        if (exhaustive) return DfsCheck.run(out, err, loaded, dfs.options());
        String sweepTask = null;
        List<Long> counts = new ArrayList<>();
        if (sweep != null) {
            String[] kv = sweep.split("=", 2);
            try {
                if (kv.length != 2 || kv[0].isBlank()) throw new NumberFormatException();
                for (String n : kv[1].split(",")) {
                    long c = Long.parseLong(n.trim());
                    if (c < 1 || c > 256) throw new NumberFormatException();
                    counts.add(c);
                }
            } catch (NumberFormatException ex) {
                err.println("pagerace: --sweep takes TASK=N,N,... with counts from 1 to 256, not '" + sweep + "'");
                return Main.EXIT_BAD_INPUT;
            }
            sweepTask = kv[0];
            latency = true;
        }
        List<List<Map<String, dev.pagerace.program.Program>>> programSets = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (Scenarios.Loaded l : loaded) {
            List<Map<String, dev.pagerace.program.Program>> sets = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (sweepTask == null) {
                sets.add(l.programs());
                // rows of a --set check are named like a sweep point's, so their rerun commands carry --set
                names.add(this.sets.isEmpty() ? "" : " " + dev.pagerace.campaign.Sweep.text(dev.pagerace.campaign.Sweep.parseSets(this.sets)));
            } else {
                for (long c : counts) {
                    try {
                        sets.add(dev.pagerace.lang.Compiler.compileAll(l.scenario(), Map.of(sweepTask, c)));
                    } catch (dev.pagerace.lang.ScenarioException ex) {
                        Scenarios.errors(ex, err);
                        return Main.EXIT_BAD_INPUT;
                    }
                    names.add(" " + sweepTask + "=" + c);
                }
            }
            programSets.add(sets);
            labels.add(names);
        }
        Engine e = Scenarios.engineOrNull(engine, err);
        if (e == null) return Main.EXIT_BAD_INPUT;
        List<Catalog.Row> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        try (e) {
            for (int i = 0; i < files.size(); i++) {
                Scenarios.Loaded l = loaded.get(i);
                for (int k = 0; k < programSets.get(i).size(); k++)
                for (Catalog.Row r : Catalog.check(e, files.get(i).toString(), l.scenario(), programSets.get(i).get(k), new Catalog.Budget(maxRuns, minCleanRuns), labels.get(i).get(k), requested,
                                                      StrategySpec.depthGiven(strategy, depth), shrinkRuns)) {
                    rows.add(r);
                    err.printf("check: %s/%s %s%n", r.program().scenario(), r.program().variant(), r.ok() ? "ok" : "MISMATCH");
                    err.flush();
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean modelErrors = Catalog.reportModelErrors(rows, err);
        int code = modelErrors ? Main.EXIT_BAD_INPUT : rows.stream().allMatch(Catalog.Row::ok) ? 0 : Main.EXIT_VIOLATION;
        if (junit != null) {
            try {
                dev.pagerace.report.JUnitReport.write(junit, rows);
            } catch (IOException ex) {
                err.println("pagerace: cannot write " + junit + ": " + ex.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
        }
        if (json) {
            RunJson.print(out, CheckJson.of(rows, seconds, code));
            return code;
        }
        dev.pagerace.report.SummaryTable.print(out, rows, seconds, latency);
        if (lockStat) {
            for (Catalog.Row r : rows) {
                out.println();
                out.println("lock_stat " + r.summary().scenario + "/" + r.summary().variant + ": " + r.summary().runs() + " runs");
                dev.pagerace.report.LockStatTable.print(out, r.summary().lockStat());
            }
        }
        out.flush();
        return code;
    }

}
