package dev.pagerace.report.html;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * report.html of a campaign: one self-contained page (inline CSS and SVG,
 * no script, nothing fetched), scenario by scenario: the verdict table,
 * violations per 1,000 runs with intervals, each signature's counterexample
 * as a swimlane (what a kernel developer reads first), op latency per
 * variant side by side, the sweep curves, and the lock_stat table.
 */
public final class ReportHtml {
    /** How much to draw: swimlanes at most, the last deliveries of a run that was not shrunk, the deliveries of a shrunk one at most. */
    public record Options(int maxSwimlanes, int tail, int shrunkRows) {
        public static final Options DEFAULT = new Options(40, 60, 160);
    }

    private ReportHtml() {}

    // two plots side by side in a 1400-pixel window
    private static final int W = 630, H = 330;

    /** The page; {@code counterexamples} null draws no swimlanes (nothing to replay with). */
    public static String render(ResultsReader.Results res, Counterexamples counterexamples, Options opt) {
        StringBuilder b = new StringBuilder(1 << 20);
        Map<String, List<ResultsReader.Variant>> byScenario = new LinkedHashMap<>();
        for (ResultsReader.Variant v : res.variants()) byScenario.computeIfAbsent(v.scenario(), k -> new ArrayList<>()).add(v);
        long runs = res.variants().stream().mapToLong(ResultsReader.Variant::runs).sum();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>pagerace report: ")
            .append(Html.esc(String.join(", ", byScenario.keySet()))).append("</title>\n<style>\n").append(CSS).append("</style></head>\n<body>\n");
        b.append("<h1>pagerace report</h1>\n<p class=\"meta\">").append(Html.esc(String.join(", ", res.spec().scenarios())))
            .append(" &middot; strategy ").append(Html.esc(res.spec().strategy())).append(" &middot; ").append(String.format("%,d", runs))
            .append(" runs in ").append(res.variants().size()).append(" variant rows")
            .append(res.spec().sweep() == null ? "" : " &middot; sweep " + Html.esc(res.spec().sweep())).append("</p>\n");
        b.append("<nav><ul>");
        for (String s : byScenario.keySet()) b.append("<li><a href=\"#").append(anchor(s)).append("\">").append(Html.esc(s)).append("</a></li>");
        b.append("</ul></nav>\n");
        int[] swimlanes = {0};
        int[] figure = {0};
        for (Map.Entry<String, List<ResultsReader.Variant>> e : byScenario.entrySet()) {
            scenario(b, e.getKey(), e.getValue(), res, counterexamples, opt, swimlanes, figure);
        }
        b.append("<footer>Written by <code>pagerace report</code>. Latencies are in deliveries, the simulator's clock. "
            + "Rates are runs per 1,000 with 95 % Wilson intervals; a kind no run showed sits at 0 with the interval's upper bound.</footer>\n");
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void scenario(StringBuilder b, String name, List<ResultsReader.Variant> rows, ResultsReader.Results res,
                                 Counterexamples cx, Options opt, int[] swimlanes, int[] figure) {
        b.append("<section id=\"").append(anchor(name)).append("\">\n<h2>").append(Html.esc(name)).append("</h2>\n");
        // the verdicts
        b.append("<table class=\"verdicts\"><tr><th>variant</th><th>runs</th><th>found</th><th>verdict</th><th>expectations</th></tr>\n");
        for (ResultsReader.Variant v : rows) {
            List<String> found = new ArrayList<>();
            for (var c : v.counts().entrySet()) if (!c.getKey().equals("clean")) found.add(c.getKey() + " " + c.getValue());
            if (!v.lockOrder().isEmpty()) found.add("lock_order " + v.lockOrder().size() + (v.lockOrder().size() == 1 ? " cycle" : " cycles"));
            b.append("<tr><td>").append(Html.esc(label(v))).append("</td><td class=\"num\">").append(v.runs()).append("</td><td>")
                .append(found.isEmpty() ? "clean" : Html.esc(String.join(", ", found))).append("</td><td>").append(Html.esc(v.verdict()))
                .append("</td><td class=\"").append(v.mismatches().isEmpty() ? "ok\">as expected" : "fail\">" + Html.esc(String.join("; ", v.mismatches())))
                .append("</td></tr>\n");
        }
        b.append("</table>\n");

        // violations per 1,000 runs, one plot per kind seen (a plot of any violation when the scenario is clean)
        List<String> kinds = new ArrayList<>();
        for (ResultsReader.Variant v : rows) for (String k : v.counts().keySet()) if (!k.equals("clean") && !kinds.contains(k)) kinds.add(k);
        b.append("<h3>Violations per 1,000 runs</h3>\n<div class=\"plots\">\n");
        if (kinds.isEmpty()) kinds.add("any violation");
        for (int k = 0; k < kinds.size(); k++) {
            String kind = kinds.get(k);
            List<Charts.RatePoint> pts = new ArrayList<>();
            for (ResultsReader.Variant v : rows) {
                long n = v.counts().getOrDefault(kind, 0L);
                // summary.json's Wilson interval when the kind was seen; the same formula from 0 when it was not
                double[] ci = dev.pagerace.campaign.VerdictStrength.wilson(n, v.runs());
                for (ResultsReader.Rate r : v.rates()) if (r.kind().equals(kind)) ci = new double[] {r.low(), r.high()};
                pts.add(new Charts.RatePoint(label(v), v.runs() == 0 ? 0 : 1000.0 * n / v.runs(), 1000 * ci[0], 1000 * ci[1]));
            }
            Color color = kind.equals("any violation") ? new Color(127, 127, 127) : Charts.color(k);
            // many variant rows (a sweep) need the page's width for their names
            int w = Math.min(1280, Math.max(W, 300 + 50 * pts.size())), h = pts.size() > 3 ? H + 170 : H;
            figure(b, Charts.violations(name + ": " + kind + " runs per 1,000", kind, color, pts, w, h), figure,
                "Each dot is the share of runs that showed <code>" + Html.esc(kind) + "</code>; the bar is its 95 % Wilson interval "
                    + "(from 0 when no run showed it: how high the rate could still be).");
        }
        b.append("</div>\n");

        // latency per op, variants side by side (at the last sweep point)
        String lastSet = rows.get(rows.size() - 1).set();
        List<ResultsReader.Variant> at = rows.stream().filter(v -> v.set().equals(lastSet)).toList();
        Set<String> ops = new LinkedHashSet<>();
        for (ResultsReader.Variant v : at) for (ResultsReader.OpStats o : v.ops()) ops.add(o.op());
        b.append("<h3>Op latency</h3>\n");
        if (ops.isEmpty()) b.append("<p class=\"none\">No op latencies recorded (the scenario has no <code>op</code> blocks).</p>\n");
        b.append("<div class=\"plots\">\n");
        for (String op : ops) {
            Map<String, ResultsReader.OpStats> byVariant = new LinkedHashMap<>();
            long unfinished = 0;
            for (ResultsReader.Variant v : at) {
                for (ResultsReader.OpStats o : v.ops()) {
                    if (o.op().equals(op) && o.finished() > 0) byVariant.put(v.variant(), o);
                    if (o.op().equals(op)) unfinished += o.unfinished();
                }
            }
            if (byVariant.isEmpty()) continue;
            figure(b, Charts.latency(name + ": op " + op + (lastSet.isEmpty() ? "" : " at " + lastSet), byVariant, W, H), figure,
                "Latency of finished <code>" + Html.esc(op) + "</code> ops by percentile, in deliveries (a log axis when they span more than 30x)."
                    + (unfinished > 0 ? " " + unfinished + " ops never finished (starved or cut off by a violation) and are not in the curve." : ""));
        }
        b.append("</div>\n");

        // sweep curves
        if (res.spec().sweep() != null) {
            b.append("<h3>Sweep: ").append(Html.esc(res.spec().sweep())).append("</h3>\n");
            String task = res.spec().sweep().split("=", 2)[0];
            b.append("<div class=\"plots\">\n");
            for (String op : ops) {
                Map<String, List<Charts.SweepPoint>> curves = new LinkedHashMap<>();
                for (ResultsReader.Variant v : rows) {
                    Long count = dev.pagerace.campaign.Sweep.counts(v.set()).get(task);
                    if (count == null) continue;
                    for (ResultsReader.OpStats o : v.ops()) {
                        if (o.op().equals(op) && o.finished() > 0) curves.computeIfAbsent(v.variant(), k -> new ArrayList<>()).add(new Charts.SweepPoint(count, o));
                    }
                }
                if (curves.isEmpty()) continue;
                for (List<Charts.SweepPoint> c : curves.values()) c.sort((x, y) -> Long.compare(x.count(), y.count()));
                figure(b, Charts.sweep(name + ": op " + op + " vs " + task + " count", task, curves, W, H), figure,
                    "p50 (solid) and p99 (dashed) latency of finished <code>" + Html.esc(op) + "</code> ops at each instance count of <code>"
                        + Html.esc(task) + "</code>; rerun a point with <code>--set " + Html.esc(task) + "=N</code>.");
            }
            b.append("</div>\n");
        }

        // lock_stat
        b.append("<h3>lock_stat</h3>\n");
        boolean anyLockStat = false;
        for (ResultsReader.Variant v : rows) {
            if (v.lockStat() == null) continue;
            anyLockStat = true;
            b.append("<h4>").append(Html.esc(label(v))).append("</h4>\n");
            lockStat(b, v.lockStat());
        }
        if (!anyLockStat) b.append("<p class=\"none\">lock_stat: not recorded in this campaign's stats.json.</p>\n");

        // counterexamples
        b.append("<h3>Counterexamples</h3>\n");
        // one swimlane per signature and variant, at its first sweep point; the others are named beside it
        Map<String, List<String>> seenIn = new TreeMap<>();
        for (ResultsReader.Variant v : rows) {
            for (ResultsReader.Signature g : v.signatures()) seenIn.computeIfAbsent(v.variant() + "/" + g.id(), k -> new ArrayList<>()).add(v.set());
        }
        boolean any = false;
        for (ResultsReader.Variant v : rows) {
            for (ResultsReader.Signature g : v.signatures()) {
                List<String> where = seenIn.get(v.variant() + "/" + g.id());
                if (!where.get(0).equals(v.set())) continue;
                // the first counterexample of a scenario is open, the others one click away (no script: HTML's details)
                b.append("<details class=\"cx\"").append(any ? "" : " open").append("><summary>").append(Html.esc(label(v))).append(": ")
                    .append(Html.esc(g.kind())).append(" <code>").append(Html.esc(g.id())).append("</code>, ").append(g.runs())
                    .append(g.runs() == 1 ? " run" : " runs").append("</summary>\n");
                any = true;
                b.append("<p class=\"sig\">").append(Html.esc(g.signature())).append("</p>\n");
                if (where.size() > 1) {
                    b.append("<p>Also found at ").append(Html.esc(String.join(", ", where.subList(1, where.size())))).append(".</p>\n");
                }
                if (cx == null || swimlanes[0] >= opt.maxSwimlanes()) {
                    b.append("<p class=\"none\">swimlane not drawn").append(cx == null ? "" : " (more than " + opt.maxSwimlanes() + " in this report)")
                        .append("; rerun: seed ").append(g.shortestSeed()).append("</p></details>\n");
                    continue;
                }
                Counterexamples.Shown s = cx.show(v, g, res.found());
                if (s.rows().isEmpty()) {
                    b.append("<p class=\"none\">").append(Html.esc(s.note())).append("</p></details>\n");
                    continue;
                }
                swimlanes[0]++;
                int max = g.shrunkSchedule() != null ? opt.shrunkRows() : opt.tail();
                b.append("<p>").append(Html.esc(s.how())).append(s.headline() == null ? "" : ": " + Html.esc(s.headline())).append("</p>\n");
                if (s.note() != null) b.append("<p class=\"fail\">").append(Html.esc(s.note())).append("</p>\n");
                b.append("<pre class=\"cmd\">").append(Html.esc(s.command())).append("</pre>\n");
                b.append("<figure class=\"swimlane\" data-scenario=\"").append(Html.esc(v.scenario())).append("\" data-signature=\"")
                    .append(Html.esc(g.id())).append("\" data-tasks=\"")
                    .append(Html.esc(String.join("|", s.tasks()))).append("\" data-rows=\"").append(Math.min(max, s.rows().size())).append("\">")
                    .append("<div class=\"scroll\">").append(Swimlane.svg(s.tasks(), s.rows(), s.cycle(), max, "sw" + swimlanes[0])).append("</div>")
                    .append("<figcaption>One column per task, one row per delivery; shaded: the task is blocked")
                    .append(s.cycle().isEmpty() ? "" : "; red arrows: the wait-for cycle, from each blocked request to the lock's holder")
                    .append(".</figcaption></figure></details>\n");
            }
        }
        // lock-order cycles: one line per variant and cycle, whatever the sweep point that found it
        Set<String> cycles = new LinkedHashSet<>();
        for (ResultsReader.Variant v : rows) for (String c : v.lockOrder()) cycles.add(v.variant() + ": " + c);
        if (!cycles.isEmpty()) {
            any = true;
            b.append("<h4>Lock-order cycles</h4>\n<p class=\"none\">Cycles among lock classes, merged over every run as lockdep merges a boot's: "
                + "no single run to draw.</p>\n<ul class=\"sig\">");
            for (String c : cycles) b.append("<li>").append(Html.esc(c)).append("</li>");
            b.append("</ul>\n");
        }
        if (!any) b.append("<p class=\"none\">No violation in any run of this scenario.</p>\n");
        b.append("</section>\n");
    }

    private static void lockStat(StringBuilder b, List<Map<String, String>> rows) {
        if (rows.isEmpty()) {
            b.append("<p class=\"none\">lock_stat: recorded, no lock was taken.</p>\n");
            return;
        }
        Set<String> cols = new LinkedHashSet<>();
        for (Map<String, String> r : rows) cols.addAll(r.keySet());
        b.append("<table class=\"lockstat\"><tr>");
        for (String c : cols) b.append("<th>").append(Html.esc(c)).append("</th>");
        b.append("</tr>\n");
        for (Map<String, String> r : rows) {
            b.append("<tr>");
            for (String c : cols) {
                String x = r.getOrDefault(c, "");
                b.append(x.matches("-?[0-9.]+") ? "<td class=\"num\">" : "<td>").append(Html.esc(x)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static void figure(StringBuilder b, Charts.Figure f, int[] n, String caption) {
        n[0]++;
        // XChart's clip ids are per chart: make them unique within the page
        String svg = f.svg().replaceAll("id=\"clip(\\d+)\"", "id=\"f" + n[0] + "clip$1\"").replaceAll("url\\(#clip(\\d+)\\)", "url(#f" + n[0] + "clip$1)");
        List<String> colors = new ArrayList<>();
        for (Color c : f.colors()) colors.add("rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")");
        b.append("<figure class=\"plot\" data-kind=\"").append(f.kind()).append("\" data-series=\"").append(Html.esc(String.join("|", f.series())))
            .append("\" data-colors=\"").append(String.join("|", colors)).append("\">").append(svg).append("<figcaption>").append(caption)
            .append("</figcaption></figure>\n");
    }

    private static String label(ResultsReader.Variant v) { return v.set().isEmpty() ? v.variant() : v.variant() + " " + v.set(); }

    private static String anchor(String s) { return "s-" + s.replaceAll("[^A-Za-z0-9_-]", "-"); }

    private static final String CSS = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px 32px; color: #222; max-width: 1320px; }
        h1 { margin-bottom: 4px; } h2 { border-bottom: 2px solid #ccd; padding-bottom: 4px; margin-top: 40px; }
        h3 { margin-top: 28px; color: #334; } .meta { color: #555; }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
        table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
        th, td { border: 1px solid #dde; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #eef2f7; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.ok { color: #1e6b35; } td.fail, p.fail { color: #a93226; font-weight: bold; }
        figure { margin: 10px 0 18px; } figcaption { font-size: 13px; color: #555; max-width: 630px; }
        .plots { display: flex; flex-wrap: wrap; gap: 0 20px; } .plots figure { margin: 6px 0 14px; }
        figure.plot svg { display: block; border: 1px solid #e4e4ea; }
        .scroll { overflow-x: auto; border: 1px solid #e4e4ea; }
        .sig { font-family: monospace; font-size: 12px; color: #444; word-break: break-all; }
        pre.cmd { background: #f6f8fa; padding: 6px 8px; font-size: 12px; white-space: pre-wrap; word-break: break-all; max-height: 5.5em; overflow: hidden; }
        .none { color: #777; font-style: italic; } .cx { margin-bottom: 14px; }
        details.cx > summary { font-weight: bold; font-size: 15px; cursor: pointer; margin: 6px 0; }
        footer { margin-top: 40px; color: #777; font-size: 12px; }
        """;
}
