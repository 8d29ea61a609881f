package dev.pagerace.cli;

import com.typesafe.config.Config;
import dev.pagerace.campaign.Campaign;
import dev.pagerace.campaign.CampaignDriver;
import dev.pagerace.campaign.CampaignSettings;
import dev.pagerace.campaign.ClusterNode;
import dev.pagerace.campaign.DfsCampaign;
import dev.pagerace.campaign.Expectations;
import dev.pagerace.engine.dfs.DfsResult;
import dev.pagerace.lang.Ast.ExpectDecl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code campaign --strategy dfs}: the exhaustive search of each variant,
 * split into subtrees searched on the cluster's workers, judged against the
 * variants' expect lines as {@code check --strategy dfs} judges them.
 */
final class DfsCampaignRun {
    private DfsCampaignRun() {}

    static int run(PrintWriter out, PrintWriter err, Config config, DfsCampaign.Spec spec, List<Campaign.Loaded> loaded, Path dir,
                   boolean resume) throws IOException, InterruptedException {
        CampaignSettings settings = CampaignSettings.of(config);
        long t0 = System.nanoTime();
        DfsCampaign campaign;
        try {
            campaign = DfsCampaign.open(dir, spec, loaded, resume);
        } catch (IllegalArgumentException e) {
            err.println("pagerace: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        if (campaign.dropped() > 0) err.println("pagerace: dropped " + campaign.dropped() + " unusable journal line(s); those subtrees are searched again");
        try (campaign; ClusterNode node = ClusterNode.start(config)) {
            if (!ClusterJoin.await(node, settings, dev.pagerace.campaign.ShardWorker.KEY.name(), err)) return Main.EXIT_INFRASTRUCTURE;
            err.println("pagerace: dfs campaign of " + campaign.searches().size() + " search(es) in " + campaign.subtreesTotal() + " subtrees, "
                + node.workersUp().size() + " worker node(s); results in " + campaign.dir()
                + (campaign.subtreesDone() == 0 ? "" : " (" + campaign.subtreesDone() + " subtrees already done)"));
            long[] last = {System.nanoTime()};
            campaign.run(node, settings, () -> {
                long now = System.nanoTime();
                if (now - last[0] < settings.progressInterval().toNanos()) return;
                last[0] = now;
                err.println("pagerace: " + campaign.subtreesDone() + "/" + campaign.subtreesTotal() + " subtrees searched");
                err.flush();
            });
        } catch (CampaignDriver.Failed e) {
            err.println("pagerace: campaign stopped: " + e.getMessage() + "; searched subtrees are kept: --resume " + dir);
            return Main.EXIT_INFRASTRUCTURE;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<DfsResult> merged = new ArrayList<>();
        List<Boolean> oks = new ArrayList<>();
        boolean allOk = true, modelError = false;
        out.printf("%-44s %-26s %-8s %s%n", "variant", "expected", "result", "dfs (subtrees)");
        for (DfsCampaign.Search s : campaign.searches()) {
            DfsResult d = s.merged(seconds);
            Set<String> expected = new TreeSet<>();
            for (ExpectDecl x : Expectations.of(s.loaded.scenario(), s.program.variant())) expected.add(x.kind());
            List<String> notes = new ArrayList<>();
            boolean ok = DfsCheck.judge(expected, d, notes);
            merged.add(d);
            oks.add(ok);
            allOk &= ok;
            modelError |= d.verdict() == DfsResult.Verdict.MODEL_ERROR;
            out.printf("%-44s %-26s %-8s %s [%d subtrees]%s%n", s.program.scenario() + "/" + s.program.variant(),
                expected.isEmpty() ? "-" : String.join(", ", expected), ok ? "ok" : "MISMATCH", d.line(), s.subtrees(),
                notes.isEmpty() ? "" : " [" + String.join("; ", notes) + "]");
        }
        for (int i = 0; i < merged.size(); i++) {
            DfsResult d = merged.get(i);
            if (d.counterexample() == null) continue;
            DfsCampaign.Search s = campaign.searches().get(i);
            out.println();
            out.println(s.program.scenario() + "/" + s.program.variant() + ": " + d.kind() + " found; replay it with");
            out.println("  ./pagerace replay " + s.loaded.file() + " --variant " + s.program.variant() + " --schedule "
                + d.counterexample().schedule().encode());
        }
        campaign.writeSummary(merged, oks, seconds);
        out.printf("%ndfs campaign: %.1f s; results: %s (dfs-summary.json, subtrees.jsonl)%n", seconds, dir);
        out.flush();
        if (modelError) return Main.EXIT_BAD_INPUT;
        return allOk ? 0 : Main.EXIT_VIOLATION;
    }
}
