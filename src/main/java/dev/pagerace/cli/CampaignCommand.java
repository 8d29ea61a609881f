package dev.pagerace.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.pagerace.campaign.BatchOutcome;
import dev.pagerace.campaign.Campaign;
import dev.pagerace.campaign.CampaignDriver;
import dev.pagerace.campaign.CampaignSettings;
import dev.pagerace.campaign.CampaignSpec;
import dev.pagerace.campaign.Catalog;
import dev.pagerace.campaign.ClusterNode;
import dev.pagerace.campaign.Progress;
import dev.pagerace.campaign.ResultsDir;
import dev.pagerace.campaign.ScenarioBundle;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Compiler;
import dev.pagerace.lang.ScenarioException;
import dev.pagerace.report.SummaryTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pagerace campaign FILE|DIR}: many seeded runs over an Akka cluster (embedded by default), journaled and resumable. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
    description = "Runs many seeded runs of scenario variants, in batches spread over an Akka cluster (an embedded one-node cluster by default).")
final class CampaignCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "scenario files or directories of them")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--variant", paramLabel = "V", defaultValue = "all", description = "a variant, or all (default)")
    String variant;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "0", description = "runs per variant (default: each scenario's config runs)")
    long runs;

    @Option(names = "--seed-start", paramLabel = "S", defaultValue = "0", description = "first seed (default 0)")
    long seedStart;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "random",
        description = "scheduling strategy: random (default), pct or fair (the only one that judges starvation)")
    String strategy;

    @Option(names = "--depth", paramLabel = "D", description = "pct: bug depth d (default 3)")
    Integer depth;

    @Option(names = "--pct-steps", paramLabel = "K", description = "pct: steps k (default: per variant, the longest of 5 random runs)")
    Long pctSteps;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "0", description = "seeds per batch (default pagerace.campaign.batch-size, 50)")
    int batchSize;

    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default results/<scenario>-<time>)")
    Path out;

    @Option(names = "--cluster", paramLabel = "CONF", description = "join the cluster of this config as the driver (default: embedded one-node cluster)")
    Path cluster;

    @Option(names = "--resume", paramLabel = "DIR", description = "finish the campaign of this results directory")
    Path resume;

    @Override public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Config config;
        try {
            config = ClusterNode.config(cluster, cluster == null ? null : List.of("driver"), cluster == null ? null : 0);
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("pagerace: bad cluster config: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        CampaignSettings settings = CampaignSettings.of(config);

        ResultsDir results;
        CampaignSpec cs;
        List<Campaign.Loaded> loaded = new ArrayList<>();
        try {
            if (resume != null) {
                if (!paths.isEmpty()) err.println("pagerace: --resume takes the scenarios from " + resume.resolve(ResultsDir.SPEC) + "; FILE arguments are ignored");
                results = ResultsDir.resume(resume);
                cs = results.spec();
                for (String f : cs.scenarios()) loaded.add(load(Path.of(f), err));
                for (Campaign.Loaded l : loaded) {
                    String was = cs.hashes().get(l.file());
                    if (!l.bundle().hash().equals(was)) {
                        err.println("pagerace: " + l.file() + " changed since the campaign started (hash " + was + ", now " + l.bundle().hash()
                            + "): results would mix two scenarios; start a new campaign");
                        return Main.EXIT_BAD_INPUT;
                    }
                }
                if (results.dropped() > 0) err.println("pagerace: dropped " + results.dropped() + " torn journal line(s); those batches run again");
            } else {
                if (paths.isEmpty()) {
                    err.println("pagerace: campaign needs a scenario FILE or DIR (or --resume DIR)");
                    return Main.EXIT_BAD_INPUT;
                }
                StrategySpec strat = StrategySpec.of(strategy, depth, pctSteps); // bad names and parameters: exit 2 below
                if (runs < 0 || seedStart < 0 || batchSize < 0) {
                    err.println("pagerace: --runs, --seed-start and --batch-size must not be negative");
                    return Main.EXIT_BAD_INPUT;
                }
                for (Path f : Scenarios.files(paths, err)) loaded.add(load(f, err));
                Map<String, String> hashes = new LinkedHashMap<>();
                for (Campaign.Loaded l : loaded) hashes.put(l.file(), l.bundle().hash());
                cs = new CampaignSpec(loaded.stream().map(Campaign.Loaded::file).toList(), hashes, variant, runs, seedStart, strat.text(),
                    batchSize > 0 ? batchSize : settings.batchSize());
                Campaign.plan(cs, loaded); // validates --variant before anything starts
                Path dir = out != null ? out : Path.of("results", loaded.get(0).scenario().name() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                results = ResultsDir.create(dir, cs);
            }
        } catch (Scenarios.BadInput e) {
            return Main.EXIT_BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("pagerace: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }

        Campaign.Plan plan = Campaign.plan(cs, loaded);
        long total = plan.runs();
        Progress progress = new Progress(System.err, System.console() != null, total, settings.progressInterval());
        for (BatchOutcome b : results.done().values()) progress.resumed(b);
        long t0 = System.nanoTime();
        try (results; ClusterNode node = ClusterNode.start(config)) {
            if (!node.awaitReady(settings.joinTimeout())) {
                err.println("pagerace: could not join the cluster: no worker was up after " + settings.joinTimeout().toSeconds()
                    + " s (seed nodes tried: " + (node.seedNodes().isEmpty() ? "this node" : String.join(", ", node.seedNodes())) + ")");
                return Main.EXIT_INFRASTRUCTURE;
            }
            err.println("pagerace: campaign of " + total + " runs in " + plan.size() + " batches, " + node.workersUp().size()
                + " worker node(s); results in " + results.dir() + (results.done().isEmpty() ? "" : " (" + results.done().size() + " batches already done)"));
            new CampaignDriver(node, settings, results.campaignId()).run(plan, results.done().keySet(), b -> {
                if (results.record(b)) progress.add(b);
            }, progress::tick);
            progress.finish();
        } catch (CampaignDriver.Failed e) {
            progress.finish();
            err.println("pagerace: campaign stopped: " + e.getMessage() + "; finished batches are kept: --resume " + results.dir());
            return Main.EXIT_INFRASTRUCTURE;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Catalog.Row> rows = Campaign.judge(cs, loaded, results.done());
        // on the driver, once per signature: a bug found in thousands of runs is shrunk once, not once per batch
        for (Catalog.Row r : rows) r.summary().shrinkEach(r.program(), settings.shrinkRuns());
        Map<String, List<String>> mismatches = new LinkedHashMap<>();
        for (Catalog.Row r : rows) mismatches.put(r.summary().scenario + "/" + r.summary().variant, r.mismatches());
        results.writeSummary(rows.stream().map(Catalog.Row::summary).toList(), mismatches, total, seconds);
        SummaryTable.print(stdout, rows, seconds, false);
        stdout.println("results: " + results.dir() + " (summary.json, violations.jsonl, stats.json, batches.jsonl)");
        stdout.flush();
        if (Catalog.reportModelErrors(rows, err)) return Main.EXIT_BAD_INPUT;
        return rows.stream().allMatch(Catalog.Row::ok) ? 0 : Main.EXIT_VIOLATION;
    }

    private static Campaign.Loaded load(Path f, PrintWriter err) throws Scenarios.BadInput {
        try {
            ScenarioBundle b = ScenarioBundle.read(f);
            var s = b.load();
            return new Campaign.Loaded(f.toString(), b, s, Compiler.compileAll(s));
        } catch (ScenarioException e) {
            throw Scenarios.errors(e, err);
        }
    }

}
