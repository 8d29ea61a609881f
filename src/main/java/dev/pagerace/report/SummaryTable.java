package dev.pagerace.report;

import dev.pagerace.campaign.Catalog;
import dev.pagerace.campaign.VariantSummary;
import dev.pagerace.engine.StrategySpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The table check and campaign print: per variant, expected, found, runs, first violating seed and how to rerun it. */
public final class SummaryTable {
    private SummaryTable() {}

    public static void print(PrintWriter out, List<Catalog.Row> rows, double seconds, boolean latency) {
        String fmt = "%-4s %-18s %-22s %-34s %-60s %8s  %s%n";
        out.printf(fmt, "", "scenario", "variant", "expected", "found", "runs", "first violating seed");
        long runs = 0;
        for (Catalog.Row r : rows) {
            VariantSummary v = r.summary();
            runs += v.runs();
            String expected = r.expects().isEmpty() ? "(no expect line)" : String.join(", ",
                r.expects().stream().map(x -> x.kind() + (x.within() > 0 ? " <=" + x.within() : "")).toList());
            List<String> found = new ArrayList<>();
            Map<String, Long> distinct = new java.util.TreeMap<>();
            for (VariantSummary.Signature g : v.signatures()) distinct.merge(g.kind(), 1L, Long::sum);
            for (Map.Entry<String, Long> c : v.counts().entrySet()) {
                if (c.getKey().equals("clean")) continue;
                // say what counts what: runs for run verdicts, cycles for lock_order, and how many distinct bugs the runs show
                Long d = distinct.get(c.getKey());
                found.add(c.getKey() + " " + v.countLabel(c.getKey()) + (d == null ? "" : " / " + d + (d == 1 ? " sig" : " sigs")));
            }
            String firstSeed = "";
            Map.Entry<String, VariantSummary.First> f = firstRerunnable(v);
            if (f != null) {
                long seed = f.getValue().seed();
                firstSeed = seed + " (" + f.getKey() + "): ./pagerace run " + r.file() + " --variant " + r.program().variant() + setOptions(r) + " --seed " + seed
                    + rerunOptions(v.strategy());
            }
            out.printf(fmt, r.ok() ? "ok" : "FAIL", v.scenario, v.variant, expected, found.isEmpty() ? "clean" : String.join(", ", found), v.runs(), firstSeed);
        }
        out.println();
        for (Catalog.Row r : rows) out.println("verdict " + r.summary().scenario + "/" + r.summary().variant + ": " + strength(r));
        out.println();
        for (Catalog.Row r : rows) {
            List<VariantSummary.Signature> sigs = r.summary().signatures();
            if (!sigs.isEmpty()) {
                out.println("signatures " + r.summary().scenario + "/" + r.summary().variant + ": " + sigs.size() + " distinct"
                    + (r.summary().cycles().isEmpty() ? "" : " (and " + r.summary().countLabel("lock_order") + " among the lock classes)"));
                for (VariantSummary.Signature g : sigs) {
                    out.println("  " + g.id() + " " + g.runs() + (g.runs() == 1 ? " run" : " runs") + ", first seed " + g.firstSeed()
                        + " (" + g.firstSteps() + " deliveries), shortest " + g.shortestSteps() + " (seed " + g.shortestSeed() + ")"
                        + (g.shrunk() == null ? "" : ", shrunk to " + g.shrunk().steps()) + ": " + shortForm(g.signature()));
                    if (g.shrunk() != null) {
                        out.println("      replay: ./pagerace replay " + r.file() + " --variant " + r.program().variant() + setOptions(r) + " --schedule " + g.shrunk().schedule());
                    }
                }
            }
        }
        out.println();
        for (Catalog.Row r : rows) {
            if (!r.ok()) {
                out.println("MISMATCH " + r.summary().scenario + "/" + r.summary().variant + ":");
                for (String m : r.mismatches()) out.println("  " + m);
            }
            if (latency && !r.summary().ops().isEmpty()) {
                StringBuilder b = new StringBuilder("latency " + r.summary().scenario + "/" + r.summary().variant + ":");
                for (var e : r.summary().ops().entrySet()) {
                    // the runs the percentiles come from, and the unfinished ops they leave out (survivor bias)
                    VariantSummary.OpLatency x = e.getValue();
                    b.append("  ").append(e.getKey()).append(' ').append(x.latency().text()).append(" (").append(x.runs()).append(" runs");
                    if (x.runsUnfinished() > 0) b.append(", ").append(x.runsUnfinished()).append(" left it unfinished");
                    b.append(')');
                }
                out.println(b);
            }
        }
        List<dev.pagerace.campaign.Comparisons.Comparison> cmp = dev.pagerace.campaign.Comparisons.of(rows.stream().map(Catalog.Row::summary).toList());
        List<dev.pagerace.campaign.Comparisons.Comparison> shown = cmp.stream().filter(c -> latency || c.significant()).toList();
        if (!shown.isEmpty()) {
            out.println();
            out.println("latency differences between variants (" + (latency ? "every pair" : "significant ones") + "; Mann-Whitney U, Bonferroni-adjusted p < "
                + dev.pagerace.campaign.Comparisons.ALPHA + "):");
            for (var c : shown) out.println("  " + c.scenario() + " " + c.text());
        }
        if (rows.stream().anyMatch(x -> x.summary().violationKinds().isEmpty())) {
            out.println("oracles active for the clean verdicts: " + dev.pagerace.oracle.Oracles.names() + " (see docs/oracles.md)");
        }
        long failed = rows.stream().filter(x -> !x.ok()).count();
        out.printf("%d variants, %d runs in %.1f s: %s%n", rows.size(), runs, seconds,
            failed == 0 ? "every expectation holds" : failed + (failed == 1 ? " variant does not meet its expectations" : " variants do not meet their expectations"));
        out.flush();
    }

    /** How a row's verdict was obtained; for pct also its n, k, d and per-run bound on finding a depth-d bug. */
    public static String strength(Catalog.Row r) {
        String s = r.summary().strength();
        try {
            StrategySpec spec = StrategySpec.parse(r.summary().strategy());
            if (spec.isPct()) s += " [" + spec.bound(r.program().tasks().size()) + "]";
        } catch (IllegalArgumentException e) {
            // a mixed or replayed strategy: nothing more to say
        }
        return s;
    }

    /**
     * A sweep point's row is named "variant faulter=4" (check --sweep,
     * campaign --sweep, check --set): its commands set the same count again.
     */
    static String setOptions(Catalog.Row r) {
        String suffix = r.summary().variant.substring(Math.min(r.summary().variant.length(), r.program().variant().length())).trim();
        return suffix.isEmpty() ? "" : dev.pagerace.campaign.Sweep.options(dev.pagerace.campaign.Sweep.counts(suffix));
    }

    private static String rerunOptions(String strategy) {
        try {
            return StrategySpec.parse(strategy).options();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** A signature for a table line: file names without their directories. */
    static String shortForm(String signature) {
        return signature.replaceAll("[\\w./-]*/([\\w.-]+\\.kp:\\d+)", "$1");
    }

    /** The earliest run that showed any kind, with that kind; lock_order has no single run to rerun. */
    private static Map.Entry<String, VariantSummary.First> firstRerunnable(VariantSummary v) {
        Map.Entry<String, VariantSummary.First> best = null;
        for (Map.Entry<String, VariantSummary.First> f : v.first().entrySet()) {
            if (!f.getValue().rerunnable()) continue;
            if (best == null || f.getValue().index() < best.getValue().index()) best = f;
        }
        return best;
    }
}
