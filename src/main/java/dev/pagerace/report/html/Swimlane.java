package dev.pagerace.report.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's trace as a swimlane SVG: one column per task, one row per
 * delivery, the time a task spends blocked shaded in its column, and the
 * wait-for cycle of a deadlock drawn as arrows from each blocked request to
 * the acquisition of the lock it waits for. It reads the trace text
 * RunCore writes ({@code #step task operation object outcome}), so it needs
 * no engine of its own.
 */
public final class Swimlane {
    private Swimlane() {}

    /** One delivery of the trace. */
    public record Row(long step, String task, String op, String object, String outcome) {
        boolean blocks() { return outcome.startsWith("blocked"); }

        boolean acquires() { return outcome.startsWith("acquired") || outcome.startsWith("got 1") || outcome.startsWith("granted"); }
    }

    /** An edge of a wait-for cycle: {@code waiter} waits for {@code resource}, held by {@code holder}. */
    public record Edge(String waiter, String resource, String holder) {}

    static final int GUTTER = 56, COL = 196, ROW = 17, HEAD = 40;

    /** The deliveries of a trace, in order; comment and header lines skipped. */
    public static List<Row> parse(String trace) {
        List<Row> rows = new ArrayList<>();
        if (trace == null) return rows;
        for (String line : trace.split("\n")) {
            if (line.length() < 2 || line.charAt(0) != '#' || !Character.isDigit(line.charAt(1))) continue;
            // RunCore's columns: "#%-6d %-14s %-18s %-22s %s"; a field longer than its column pushes the rest right
            int[] at = {1};
            String step = field(line, at, 6, false);
            String task = field(line, at, 14, false);
            String op = field(line, at, 18, true);
            String object = field(line, at, 22, false);
            String outcome = at[0] < line.length() ? line.substring(at[0]).trim() : "";
            try {
                rows.add(new Row(Long.parseLong(step), task, op, object, outcome));
            } catch (NumberFormatException e) {
                // not a delivery line
            }
        }
        return rows;
    }

    /**
     * The field at {@code at[0]} of width {@code w} and the space after it.
     * A field that overflowed its column ends at the next space, except an
     * operation, which may hold spaces ({@code read .buf_pte}): it ends
     * where its column ends when a space is there.
     */
    private static String field(String line, int[] at, int w, boolean spaces) {
        int start = at[0];
        if (start >= line.length()) return "";
        int end = start + w;
        if (end < line.length() && line.charAt(end) == ' ' && (spaces || line.substring(start, end).trim().indexOf(' ') < 0)) {
            at[0] = end + 1;
            return line.substring(start, end).trim();
        }
        int sp = line.indexOf(' ', start);
        if (sp < 0) sp = line.length();
        at[0] = Math.min(line.length(), sp + 1);
        while (at[0] < line.length() && line.charAt(at[0]) == ' ') at[0]++;
        return line.substring(start, sp);
    }

    /**
     * The SVG of the last {@code maxRows} deliveries of {@code rows};
     * {@code tasks} in column order (tasks that never appear still get a
     * column, as idle ones), {@code cycle} empty when the run has none;
     * {@code id} makes the SVG's ids unique within the page.
     */
    public static String svg(List<String> tasks, List<Row> rows, List<Edge> cycle, int maxRows, String id) {
        List<String> cols = new ArrayList<>(tasks);
        for (Row r : rows) if (!cols.contains(r.task())) cols.add(r.task());
        int from = Math.max(0, rows.size() - maxRows);
        List<Row> shown = rows.subList(from, rows.size());
        int width = GUTTER + COL * cols.size() + 8;
        // a cut trace says so on a row of its own, above the first delivery shown
        int off = from > 0 ? 1 : 0;
        int height = HEAD + ROW * (shown.size() + 1 + off) + 8;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swimlane\" width=\"").append(width).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n");
        b.append("<defs><marker id=\"").append(id).append("-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
            .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c0392b\"/></marker></defs>\n");
        b.append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"white\"/>\n");
        // header: one column per task
        for (int c = 0; c < cols.size(); c++) {
            int x = GUTTER + c * COL;
            b.append("<rect x=\"").append(x).append("\" y=\"4\" width=\"").append(COL - 4).append("\" height=\"").append(HEAD - 10)
                .append("\" fill=\"#eef2f7\"/>");
            b.append("<text x=\"").append(x + 6).append("\" y=\"").append(HEAD - 15).append("\" font-weight=\"bold\" data-task=\"")
                .append(Html.esc(cols.get(c))).append("\">").append(Html.esc(cut(cols.get(c), 24))).append("</text>\n");
        }
        b.append("<text x=\"4\" y=\"").append(HEAD - 15).append("\" fill=\"#555\">step</text>\n");
        if (from > 0) {
            b.append("<text x=\"").append(GUTTER).append("\" y=\"").append(y(0)).append("\" fill=\"#777\">")
                .append(Html.esc("... " + from + " earlier deliveries not shown")).append("</text>\n");
        }
        // blocked spans: from a request left unanswered to the task's next delivery (or the end of the run)
        Map<String, Integer> blockedSince = new LinkedHashMap<>();
        List<int[]> spans = new ArrayList<>(); // column, first shown row, last shown row (inclusive)
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Integer since = blockedSince.remove(r.task());
            if (since != null && i - 1 >= since + 1) spans.add(new int[] {cols.indexOf(r.task()), since + 1, i - 1});
            if (r.blocks()) blockedSince.put(r.task(), i);
        }
        for (Map.Entry<String, Integer> e : blockedSince.entrySet()) {
            spans.add(new int[] {cols.indexOf(e.getKey()), e.getValue() + 1, rows.size()}); // still blocked when the run ended
        }
        for (int[] s : spans) {
            int a = Math.max(s[1], from), z = Math.min(s[2], rows.size());
            if (a > z) continue;
            b.append("<rect class=\"blocked\" x=\"").append(GUTTER + s[0] * COL).append("\" y=\"").append(y(off + a - from) - ROW + 4)
                .append("\" width=\"").append(COL - 4).append("\" height=\"").append(ROW * (z - a + 1)).append("\" fill=\"#f6d5d1\"/>\n");
        }
        // the cycle: each waiter's blocking request and the acquisition it waits for
        Map<Integer, String> marked = new LinkedHashMap<>();
        List<int[]> arrows = new ArrayList<>();
        for (Edge e : cycle) {
            int w = last(shown, e.waiter(), e.resource(), true, shown.size());
            if (w < 0) continue;
            marked.put(w, "waiter");
            int h = last(shown, e.holder(), e.resource(), false, w);
            if (h >= 0) {
                marked.put(h, "holder");
                arrows.add(new int[] {w, cols.indexOf(e.waiter()), h, cols.indexOf(e.holder())});
            } else {
                arrows.add(new int[] {w, cols.indexOf(e.waiter()), -1, cols.indexOf(e.holder())}); // taken before the rows shown
            }
        }
        for (int i = 0; i < shown.size(); i++) {
            Row r = shown.get(i);
            int c = cols.indexOf(r.task());
            int x = GUTTER + c * COL, y = y(off + i);
            b.append("<text x=\"4\" y=\"").append(y).append("\" fill=\"#777\">#").append(r.step()).append("</text>");
            String mark = marked.get(i);
            if (mark != null) {
                b.append("<rect class=\"cycle-").append(mark).append("\" x=\"").append(x).append("\" y=\"").append(y - ROW + 4).append("\" width=\"")
                    .append(COL - 4).append("\" height=\"").append(ROW).append("\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"/>");
            }
            String text = r.op() + " " + r.object() + ": " + r.outcome();
            String fill = r.blocks() ? "#a93226" : r.acquires() ? "#1e6b35" : "#222";
            b.append("<text x=\"").append(x + 4).append("\" y=\"").append(y).append("\" fill=\"").append(fill).append("\"><title>")
                .append(Html.esc("#" + r.step() + " " + r.task() + " " + text)).append("</title>").append(Html.esc(cut(text, 28)))
                .append("</text>\n");
        }
        for (int[] a : arrows) {
            double x1 = GUTTER + a[1] * COL + COL / 2.0, y1 = y(off + a[0]) - ROW / 2.0 + 2;
            double x2 = GUTTER + a[3] * COL + COL / 2.0, y2 = a[2] < 0 ? HEAD : y(off + a[2]) - ROW / 2.0 + 2;
            if (a[1] == a[3]) x2 = x1 + COL / 3.0; // a task waiting on itself: a loop to its own earlier row
            b.append("<path class=\"cycle-edge\" d=\"M").append(fmt(x1)).append(',').append(fmt(y1)).append(" C").append(fmt(x1)).append(',')
                .append(fmt((y1 + y2) / 2)).append(' ').append(fmt(x2)).append(',').append(fmt((y1 + y2) / 2)).append(' ').append(fmt(x2))
                .append(',').append(fmt(y2)).append("\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.6\" marker-end=\"url(#").append(id).append("-arrow)\"/>\n");
        }
        b.append("</svg>");
        return b.toString();
    }

    /** The last row before {@code before} of {@code task} on {@code resource}: a blocking request, or an acquisition. */
    private static int last(List<Row> rows, String task, String resource, boolean blocking, int before) {
        for (int i = Math.min(before, rows.size()) - 1; i >= 0; i--) {
            Row r = rows.get(i);
            if (!r.task().equals(task) || !r.object().equals(resource)) continue;
            // the holder's row is where it took the lock, or queued ahead on it (a FIFO waiter blocks the ones behind)
            if (!blocking || r.blocks()) return i;
        }
        return -1;
    }

    private static int y(int shownRow) { return HEAD + ROW * (shownRow + 1) + 4; }

    private static String cut(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026"; }

    private static String fmt(double d) { return String.valueOf(Math.round(d * 10) / 10.0); }
}
