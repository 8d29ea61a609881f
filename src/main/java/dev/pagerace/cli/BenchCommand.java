package dev.pagerace.cli;

import dev.pagerace.campaign.Expectations;
import dev.pagerace.campaign.SearchBench;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Ast.ExpectDecl;
import dev.pagerace.program.Program;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pagerace bench}: measurements for docs, never run as tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.Search.class, BenchCommand.Engines.class, BenchCommand.ClusterRounds.class},
    description = "Benchmarks whose figures go into docs/: the engines side by side, runs to the first violation, campaigns on one node and on three.")
final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark: search, engines or cluster");
    }

    /** What a benchmark measures: the scenario files named (scenarios/ when none), and perhaps one variant. */
    static final class Targets {
        @Parameters(paramLabel = "DIR|FILE", arity = "0..*", description = "scenario files or directories (default: scenarios)")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--variant", paramLabel = "V", description = "only this variant")
        String variant;

        List<Path> files(PrintWriter err) throws Scenarios.BadInput, IOException {
            return Scenarios.files(paths.isEmpty() ? List.of(Path.of("scenarios")) : paths, err);
        }

        boolean wants(String v) { return variant == null || variant.equals(v); }
    }

    private static String bytes(double b) {
        return b < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", b);
    }

    /** {@code pagerace bench engines}: runs/s and deliveries/s of the pure and actor engines, side by side, per variant. */
    @Command(name = "engines", mixinStandardHelpOptions = true,
        description = "Throughput of the engines on every variant: runs/s and deliveries/s (median and range over timed iterations of the same "
            + "random seeds, after warm-up), the actor engine's ratio to the pure one, and a run's memory: its actors, and bytes allocated per run and per delivery "
            + "(pure, one thread). "
            + "Prints a markdown table.")
    static final class Engines implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin Targets targets;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "200",
            description = "runs per batch; a timed iteration runs batches for at least 1 s (default ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "5", description = "timed iterations per engine and variant (default ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "200",
            description = "untimed rounds first (batches of N runs, at least 1 s each), the engines in turn, for at least 8 s and until "
                + "each engine's last two rounds agree within 10 %% (at most 60 s) "
                + "(default ${DEFAULT-VALUE})")
        int warmup;

        @Override public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (runs < 1 || iterations < 1 || warmup < 0) {
                err.println("pagerace: --runs and --iterations must be at least 1, --warmup not negative");
                return Main.EXIT_BAD_INPUT;
            }
            List<Path> files;
            try {
                files = targets.files(err);
            } catch (Scenarios.BadInput e) {
                return Main.EXIT_BAD_INPUT;
            }
            out.println("| variant | deliveries/run | pure runs/s | pure deliveries/s | actors runs/s | actors deliveries/s | actors/pure | actors/run | bytes/run (pure) | bytes/delivery (pure) |");
            out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            out.flush();
            try (dev.pagerace.engine.Engine pure = dev.pagerace.engine.Engine.named("pure");
                 dev.pagerace.engine.Engine actors = dev.pagerace.engine.Engine.named("actors")) {
                for (Path f : files) {
                    Scenarios.Loaded l;
                    try {
                        l = Scenarios.load(f, err);
                    } catch (Scenarios.BadInput e) {
                        return Main.EXIT_BAD_INPUT;
                    }
                    for (Map.Entry<String, Program> e : l.programs().entrySet()) {
                        if (!targets.wants(e.getKey())) continue;
                        Program p = e.getValue();
                        dev.pagerace.campaign.EngineBench.Result[] both = dev.pagerace.campaign.EngineBench.compare(pure, actors, p, warmup, iterations, runs);
                        dev.pagerace.campaign.EngineBench.Result a = both[0], b = both[1];
                        dev.pagerace.campaign.EngineBench.Memory m = dev.pagerace.campaign.EngineBench.memory(p, Math.min(warmup, 50), Math.min(runs, 100));
                        out.printf(Locale.ROOT, "| %s/%s | %.0f | %s | %s | %s | %s | %.2f | %d | %s | %s |%n", p.scenario(), p.variant(), a.deliveriesPerRun(),
                            a.runsSpread(), a.deliveriesSpread(), b.runsSpread(), b.deliveriesSpread(), b.medianRuns() / a.medianRuns(),
                            m.actorsPerRun(), bytes(m.bytesPerRun()), bytes(m.bytesPerDelivery()));
                        out.flush();
                    }
                }
            }
            out.println();
            out.println("median (min-max) over " + iterations + " iterations of at least 1 s each (batches of " + runs
                + " random runs, the same seeds for both engines), after warm-up rounds until steady; both engines use every core ("
                + Runtime.getRuntime().availableProcessors() + ")");
            out.flush();
            return 0;
        }
    }

    /** {@code pagerace bench search}: runs and seconds to the first violation of every bug-expecting variant, per strategy. */
    @Command(name = "search", mixinStandardHelpOptions = true,
        description = "For every variant with an expect line naming a violation: runs and seconds to the first violating run under each strategy, "
            + "median over several starting seeds (pure engine, one thread). Prints a markdown table.")
    static final class Search implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin Targets targets;

        @Option(names = "--strategies", paramLabel = "S,S", split = ",", defaultValue = "random,pct,fair",
            description = "strategies to compare (default: random,pct,fair; pct(d=2) and the like are accepted)")
        List<String> strategies;

        @Option(names = "--starts", paramLabel = "N", defaultValue = "10", description = "starting seeds per variant and strategy (default ${DEFAULT-VALUE})")
        int starts;

        @Option(names = "--max-runs", paramLabel = "N", defaultValue = "2000", description = "runs per attempt at most (default ${DEFAULT-VALUE}): bounds the CPU a miss costs")
        long maxRuns;

        @Override public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (starts < 1 || maxRuns < 1) {
                err.println("pagerace: --starts and --max-runs must be at least 1");
                return Main.EXIT_BAD_INPUT;
            }
            List<StrategySpec> specs = new ArrayList<>();
            try {
                for (String s : strategies) specs.add(StrategySpec.parse(s));
            } catch (IllegalArgumentException e) {
                err.println("pagerace: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            List<Path> files;
            try {
                files = targets.files(err);
            } catch (Scenarios.BadInput e) {
                return Main.EXIT_BAD_INPUT;
            }
            StringBuilder head = new StringBuilder("| variant | expects |");
            StringBuilder rule = new StringBuilder("| --- | --- |");
            for (StrategySpec s : specs) {
                head.append(' ').append(s.text()).append(" runs | s |");
                rule.append(" ---: | ---: |");
            }
            boolean warm = false;
            out.println(head);
            out.println(rule);
            out.flush();
            for (Path f : files) {
                Scenarios.Loaded l;
                try {
                    l = Scenarios.load(f, err);
                } catch (Scenarios.BadInput e) {
                    return Main.EXIT_BAD_INPUT;
                }
                for (Map.Entry<String, Program> e : l.programs().entrySet()) {
                    if (!targets.wants(e.getKey())) continue;
                    List<ExpectDecl> expects = Expectations.of(l.scenario(), e.getKey());
                    if (!SearchBench.expectsBug(expects)) continue;
                    Program p = e.getValue();
                    if (!warm) {
                        SearchBench.warmUp(p, 300);
                        warm = true;
                    }
                    StringBuilder row = new StringBuilder("| " + p.scenario() + "/" + p.variant() + " | "
                        + String.join(", ", expects.stream().map(ExpectDecl::kind).filter(k -> !k.equals("clean")).toList()) + " |");
                    List<String> notes = new ArrayList<>();
                    for (StrategySpec s : specs) {
                        SearchBench.Cell c = SearchBench.measure(p, expects, s, starts, maxRuns);
                        if (c.skipped() != null) {
                            row.append(" n/a | |");
                            continue;
                        }
                        row.append(' ').append(c.medianRuns(maxRuns)).append(c.strategy().isPct() ? " (k=" + c.strategy().steps() + ")" : "").append(" | ")
                            .append(String.format(Locale.ROOT, "%.4f", c.medianSeconds())).append(" |");
                        notes.add(c.strategy().text() + ": found in " + c.found() + "/" + starts + " attempts (" + SearchBench.kinds(c) + ")");
                    }
                    out.println(row);
                    out.flush();
                    err.println("bench: " + p.scenario() + "/" + p.variant() + ": " + String.join("; ", notes));
                    err.flush();
                }
            }
            out.flush();
            err.flush();
            out.println();
            out.println("median over " + starts + " starting seeds (seeds i*" + SearchBench.SEED_STRIDE + "...), at most " + maxRuns
                + " runs per attempt; seconds on one thread, pure engine, after 300 warm-up runs; n/a: starvation is judged only under fair");
            out.flush();
            return 0;
        }
    }

    /** {@code pagerace bench cluster}: campaign throughput of the embedded node against three loopback nodes, in one JVM. */
    @Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Campaign throughput, side by side in one JVM: the embedded one-node cluster against three worker nodes and a driver "
            + "on loopback (every batch crosses Artery's TCP with Kryo). Warm-up rounds, then timed rounds of the same seeds on each, in turn; "
            + "prints the median and range of runs/s and their ratio as a markdown table. Three JVMs started apart also pay three JIT "
            + "warm-ups: scripts/bench-cluster.sh measures that.")
    static final class ClusterRounds implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR|FILE", arity = "0..*", description = "scenario files or directories (default: scenarios/shmem-fallocate.kp, the README campaign)")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--variant", paramLabel = "V", defaultValue = "all", description = "a variant, or all (default)")
        String variant;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "2000", description = "runs per variant in a round (default ${DEFAULT-VALUE})")
        long runs;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "3", description = "timed rounds per cluster (default ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "untimed rounds per cluster first, in turn, and more until each cluster's last two agree within 10 %% (at most "
                + dev.pagerace.campaign.ClusterBench.WARMUP_MAX_ROUNDS + "); 0: none (default ${DEFAULT-VALUE})")
        int warmup;

        @Override public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (runs < 1 || iterations < 1 || iterations > 1000 || warmup < 0 || warmup > dev.pagerace.campaign.ClusterBench.WARMUP_MAX_ROUNDS) {
                err.println("pagerace: --runs must be at least 1, --iterations between 1 and 1000, --warmup between 0 and "
                    + dev.pagerace.campaign.ClusterBench.WARMUP_MAX_ROUNDS);
                return Main.EXIT_BAD_INPUT;
            }
            List<dev.pagerace.campaign.Campaign.Loaded> loaded;
            dev.pagerace.campaign.CampaignSpec cs;
            long total;
            try {
                // the scenarios as a campaign takes them: over several files, --variant keeps the files that have it
                loaded = CampaignCommand.loadWith(paths.isEmpty() ? List.of(Path.of("scenarios", "shmem-fallocate.kp")) : paths, variant, err);
                int batch = dev.pagerace.campaign.CampaignSettings.of(com.typesafe.config.ConfigFactory.load()).batchSize();
                cs = new dev.pagerace.campaign.CampaignSpec(loaded.stream().map(dev.pagerace.campaign.Campaign.Loaded::file).toList(),
                    dev.pagerace.campaign.Campaign.hashes(loaded), variant, runs, 0, "random", batch);
                total = dev.pagerace.campaign.Campaign.plan(cs, loaded).runs(); // an unknown --variant: exit 2 before any node starts
            } catch (Scenarios.BadInput e) {
                return Main.EXIT_BAD_INPUT;
            } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
                err.println("pagerace: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            dev.pagerace.campaign.ClusterBench.Result[] r;
            try {
                r = dev.pagerace.campaign.ClusterBench.compare(cs, loaded, warmup, iterations, line -> {
                    err.println("bench: " + line);
                    err.flush();
                });
            } catch (dev.pagerace.campaign.CampaignDriver.Failed e) {
                err.println("pagerace: bench cluster stopped: " + e.getMessage());
                return Main.EXIT_INFRASTRUCTURE;
            }
            out.println("| cluster | runs/s: median (min-max) |");
            out.println("| --- | ---: |");
            for (dev.pagerace.campaign.ClusterBench.Result x : r) out.println("| " + x.cluster() + " | " + x.spread() + " |");
            out.println();
            out.printf(Locale.ROOT, "three/embedded: %.2f (%s, %d runs a round, %d timed rounds of each after warm-up; one JVM, so the JIT's work"
                + " serves both: scripts/bench-cluster.sh measures separate JVMs)%n", r[1].median() / r[0].median(),
                String.join(", ", cs.scenarios()), total, iterations);
            out.flush();
            return 0;
        }
    }
}
