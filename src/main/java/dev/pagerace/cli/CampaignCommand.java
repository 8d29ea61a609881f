package dev.pagerace.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.pagerace.campaign.BatchOutcome;
import dev.pagerace.campaign.Campaign;
import dev.pagerace.campaign.CampaignDriver;
import dev.pagerace.campaign.CampaignSettings;
import dev.pagerace.campaign.CampaignSpec;
import dev.pagerace.campaign.Catalog;
import dev.pagerace.campaign.DfsCampaign;
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
        description = "scheduling strategy: random (default), pct, fair (the only one that judges starvation), "
            + "or dfs (an exhaustive search split into subtrees over the cluster's workers)")
    String strategy;

    @CommandLine.Mixin DfsFlags dfs = new DfsFlags();

    @Option(names = "--subtrees", paramLabel = "N", defaultValue = "16",
        description = "dfs: split each variant's search into at least N subtrees, one sharded unit each (default ${DEFAULT-VALUE})")
    int subtrees;

    @Option(names = "--depth", paramLabel = "D", description = "pct: bug depth d (default 3)")
    Integer depth;

    @Option(names = "--pct-steps", paramLabel = "K", description = "pct: steps k (default: per variant, the longest of 5 random runs)")
    Long pctSteps;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "0", description = "seeds per batch (default pagerace.campaign.batch-size, 50)")
    int batchSize;

    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default results/<scenario>-<time>)")
    Path out;

    @Option(names = "--sweep", paramLabel = "TASK=N,N...",
        description = "run every variant once per instance count of TASK (e.g. faulter=1,2,4,8): a sweep point is part of each batch's identity and result")
    String sweep;

    @Option(names = "--cluster", paramLabel = "CONF", description = "join the cluster of this config as the driver (default: embedded one-node cluster)")
    Path cluster;

    @Option(names = "--resume", paramLabel = "DIR", description = "finish the campaign of this results directory")
    Path resume;

    /** The results directory once opened: closed (its lock released) however the command ends, early returns included. */
    private ResultsDir held;

    @Option(names = "--lock-stat", description = "also print lock_stat per variant (it is always in stats.json)")
    boolean lockStat;

    @Override public Integer call() throws IOException, InterruptedException {
        try {
            return campaign();
        } finally {
            if (held != null) held.close();
        }
    }

    private Integer campaign() throws IOException, InterruptedException {
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

        if ("dfs".equals(strategy) || resume != null && DfsCampaign.readSpec(resume) != null) return dfs(stdout, err, config);

        ResultsDir results;
        CampaignSpec cs;
        List<Campaign.Loaded> loaded = new ArrayList<>();
        try {
            if (resume != null) {
                if (!paths.isEmpty()) err.println("pagerace: --resume takes the scenarios from " + resume.resolve(ResultsDir.SPEC) + "; FILE arguments are ignored");
                results = held = ResultsDir.resume(resume);
                cs = results.spec();
                for (String f : cs.scenarios()) loaded.add(load(Path.of(f), err));
                if (changedSinceStart(loaded, cs.hashes(), err)) return Main.EXIT_BAD_INPUT;
                String refused = resumeChanges(cs);
                if (refused != null) {
                    err.println("pagerace: " + refused);
                    return Main.EXIT_BAD_INPUT;
                }
                if (runs > 0 && runs != cs.runs()) {
                    // --resume --runs N extends the campaign: the batches of the first runs keep their ids, so only the new seeds run
                    CampaignSpec wider = new CampaignSpec(cs.scenarios(), cs.hashes(), cs.variant(), runs, cs.seedStart(), cs.strategy(), cs.batchSize());
                    long before = Campaign.plan(cs, loaded).stream().mapToLong(CampaignDriver.Planned::count).sum();
                    long after = Campaign.plan(wider, loaded).stream().mapToLong(CampaignDriver.Planned::count).sum();
                    if (after == before) {
                        wider = cs; // the same plan said again: nothing to extend
                    } else if (after < before) {
                        err.println("pagerace: --resume --runs " + runs + " would shrink the campaign (" + before + " runs planned, "
                            + after + " with --runs " + runs + "); a campaign can only be extended");
                        return Main.EXIT_BAD_INPUT;
                    }
                    if (wider != cs) {
                        results.extend(wider);
                        err.println("pagerace: campaign extended from " + before + " to " + after + " runs");
                        cs = wider;
                    }
                }
                results.retainPlanned(Campaign.plan(cs, loaded));
                for (String w : results.warnings()) err.println("pagerace: " + w);
                if (results.dropped() > 0) err.println("pagerace: dropped " + results.dropped() + " journal line(s); those batches run again");
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
                loaded = loadWith(paths, variant, err);
                Map<String, String> hashes = Campaign.hashes(loaded);
                String sweepText = sweep == null ? null : dev.pagerace.campaign.Sweep.parseSweep(sweep).toString(); // bad text: exit 2 below
                cs = new CampaignSpec(loaded.stream().map(Campaign.Loaded::file).toList(), hashes, variant, runs, seedStart, strat.text(),
                    batchSize > 0 ? batchSize : settings.batchSize(), sweepText);
                Campaign.plan(cs, loaded); // validates --variant before anything starts
                Path dir = out != null ? out : Path.of("results", loaded.get(0).scenario().name() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                results = held = ResultsDir.create(dir, cs);
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
            if (!ClusterJoin.await(node, settings, dev.pagerace.campaign.BatchWorker.KEY.name(), err)) {
                if (resume == null) results.discardIfEmpty(); // nothing ran: the same command can be retried as it is
                return Main.EXIT_INFRASTRUCTURE;
            }
            err.println("pagerace: campaign of " + total + " runs in " + plan.size() + " batches, " + node.workersUp().size()
                + " worker node(s); results in " + results.dir() + (results.done().isEmpty() ? "" : " (" + results.done().size() + " batches already done)"));
            new CampaignDriver(node, settings, results.campaignId()).run(plan.interleaved(), results.done().keySet(), b -> {
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
        // variants shrink side by side: each summary is its own object, and each shrink is deterministic
        rows.parallelStream().forEach(r -> r.summary().shrinkEach(r.program(), settings.shrinkRuns()));
        Map<String, List<String>> mismatches = new LinkedHashMap<>();
        for (Catalog.Row r : rows) mismatches.put(r.summary().scenario + "/" + r.summary().variant, r.mismatches());
        results.writeSummary(rows.stream().map(Catalog.Row::summary).toList(), mismatches, total, seconds);
        SummaryTable.print(stdout, rows, seconds, false);
        if (lockStat) {
            for (Catalog.Row r : rows) {
                stdout.println();
                stdout.println("lock_stat " + r.summary().scenario + "/" + r.summary().variant + ": " + r.summary().runs() + " runs");
                dev.pagerace.report.LockStatTable.print(stdout, r.summary().lockStat());
            }
        }
        stdout.println("results: " + results.dir() + " (summary.json, violations.jsonl, stats.json, batches.jsonl)");
        stdout.flush();
        if (Catalog.reportModelErrors(rows, err)) return Main.EXIT_BAD_INPUT;
        return rows.stream().allMatch(Catalog.Row::ok) ? 0 : Main.EXIT_VIOLATION;
    }

    /** {@code --strategy dfs}, or {@code --resume} of a dfs campaign's directory. */
    private int dfs(PrintWriter stdout, PrintWriter err, Config config) throws IOException, InterruptedException {
        List<Campaign.Loaded> loaded = new ArrayList<>();
        DfsCampaign.Spec ds;
        Path dir;
        try {
            if (resume != null) {
                if (!paths.isEmpty()) err.println("pagerace: --resume takes the scenarios from " + resume.resolve(DfsCampaign.SPEC) + "; FILE arguments are ignored");
                ds = DfsCampaign.readSpec(resume);
                dir = resume;
                for (String f : ds.scenarios()) loaded.add(load(Path.of(f), err));
                if (changedSinceStart(loaded, ds.hashes(), err)) return Main.EXIT_BAD_INPUT;
            } else {
                if (paths.isEmpty()) {
                    err.println("pagerace: campaign needs a scenario FILE or DIR (or --resume DIR)");
                    return Main.EXIT_BAD_INPUT;
                }
                if (subtrees < 1 || subtrees > 1_000_000) {
                    err.println("pagerace: --subtrees must be between 1 and 1000000");
                    return Main.EXIT_BAD_INPUT;
                }
                for (Path f : Scenarios.files(paths, err)) loaded.add(load(f, err));
                Map<String, String> hashes = Campaign.hashes(loaded);
                ds = new DfsCampaign.Spec(java.util.UUID.randomUUID().toString(), loaded.stream().map(Campaign.Loaded::file).toList(), hashes,
                    variant, dfs.options(), subtrees);
                dir = out != null ? out : Path.of("results", loaded.get(0).scenario().name() + "-dfs-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            }
        } catch (Scenarios.BadInput e) {
            return Main.EXIT_BAD_INPUT;
        }
        return DfsCampaignRun.run(stdout, err, config, ds, loaded, dir, resume != null);
    }

    /**
     * What --resume refuses: the plan is fixed by campaign.json, so a changed
     * --variant, --seed-start, --batch-size or strategy would silently be
     * ignored, or mix two campaigns in one directory. Only --runs may grow.
     */
    private String resumeChanges(CampaignSpec cs) {
        var pr = spec.commandLine().getParseResult();
        List<String> changed = new ArrayList<>();
        if (pr.hasMatchedOption("--variant") && !variant.equals(cs.variant())) changed.add("--variant " + variant + " (campaign: " + cs.variant() + ")");
        if (pr.hasMatchedOption("--seed-start") && seedStart != cs.seedStart()) changed.add("--seed-start " + seedStart + " (campaign: " + cs.seedStart() + ")");
        if (pr.hasMatchedOption("--batch-size") && batchSize != cs.batchSize()) changed.add("--batch-size " + batchSize + " (campaign: " + cs.batchSize() + ")");
        if (pr.hasMatchedOption("--strategy") || pr.hasMatchedOption("--depth") || pr.hasMatchedOption("--pct-steps")) {
            String asked;
            try {
                asked = StrategySpec.of(strategy, depth, pctSteps).text();
            } catch (IllegalArgumentException e) {
                asked = strategy;
            }
            if (!asked.equals(cs.strategy())) changed.add("the strategy to " + asked + " (campaign: " + cs.strategy() + ")");
        }
        if (runs < 0) changed.add("--runs " + runs);
        if (changed.isEmpty()) return null;
        return "--resume continues the campaign in " + resume + " as planned; it cannot change " + String.join(", ", changed)
            + ": start a new campaign with another --out (only --runs N can extend it)";
    }

    /** A resumed campaign's scenario that changed since it started would mix two scenarios' results: said, and refused. */
    private static boolean changedSinceStart(List<Campaign.Loaded> loaded, Map<String, String> hashes, PrintWriter err) {
        for (Campaign.Loaded l : loaded) {
            String was = hashes.get(l.file());
            if (!l.bundle().hash().equals(was)) {
                err.println("pagerace: " + l.file() + " changed since the campaign started (hash " + was + ", now " + l.bundle().hash()
                    + "): results would mix two scenarios; start a new campaign");
                return true;
            }
        }
        return false;
    }

    /**
     * The scenarios of {@code paths}, loaded; over several files, {@code --variant X} keeps the files that have X (a
     * directory of scenarios rarely all share a variant) and says which it skips. Bad input when none has it.
     */
    static List<Campaign.Loaded> loadWith(List<Path> paths, String variant, PrintWriter err) throws Scenarios.BadInput, IOException {
        List<Campaign.Loaded> loaded = new ArrayList<>();
        for (Path f : Scenarios.files(paths, err)) loaded.add(load(f, err));
        if (variant.equals("all") || loaded.size() <= 1) return loaded;
        List<Campaign.Loaded> with = loaded.stream().filter(l -> l.programs().containsKey(variant)).toList();
        if (with.isEmpty()) {
            err.println("pagerace: no scenario has a variant '" + variant + "' (" + loaded.size() + " files)");
            throw new Scenarios.BadInput();
        }
        for (Campaign.Loaded l : loaded) {
            if (!with.contains(l)) err.println("pagerace: skipping " + l.file() + ": no variant '" + variant + "'");
        }
        return new ArrayList<>(with);
    }

    static Campaign.Loaded load(Path f, PrintWriter err) throws Scenarios.BadInput {
        try {
            ScenarioBundle b = ScenarioBundle.read(f);
            var s = b.load();
            return new Campaign.Loaded(f.toString(), b, s, Compiler.compileAll(s));
        } catch (ScenarioException e) {
            throw Scenarios.errors(e, err);
        }
    }

}
