package dev.pagerace.report.html;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots, drawn by XChart and exported as SVG text to inline in
 * report.html. Every series gets its colour from {@link #PALETTE} in the
 * order given, so a variant has the same colour in every plot of a
 * scenario, and a test can find each series in the SVG by its colour.
 */
public final class Charts {
    static {
        // XChart measures text with AWT fonts; no display is needed or wanted (CI, cluster nodes)
        System.setProperty("java.awt.headless", "true");
    }

    /** Tableau 10: distinguishable, also in grey print. */
    public static final List<Color> PALETTE = List.of(new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207));

    /** One plot: what it shows, its series in legend order with their colours, and its SVG. */
    public record Figure(String kind, String title, List<String> series, List<Color> colors, String svg) {}

    private Charts() {}

    public static Color color(int i) { return PALETTE.get(i % PALETTE.size()); }

    private static final List<String> PERCENTILES = List.of("p50", "p90", "p99", "p99.9", "max");

    /**
     * Latency of one op, every variant side by side: the latency at each
     * percentile of the finished ops (a quantile plot; a log scale when a
     * starving punch sits orders of magnitude above a healthy one).
     */
    public static Figure latency(String title, Map<String, ResultsReader.OpStats> byVariant, int width, int height) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title)
            .xAxisTitle("percentile of finished ops").yAxisTitle("latency (deliveries)").build();
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        // every variant's point at the same percentile, not spread out like grouped bars
        c.getStyler().setOverlapped(true);
        c.getStyler().setYAxisLogarithmic(logScale(byVariant.values().stream().flatMap(o -> java.util.stream.Stream.of(o.p50(), o.max())).toList()));
        List<String> names = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, ResultsReader.OpStats> e : byVariant.entrySet()) {
            ResultsReader.OpStats o = e.getValue();
            // a log scale cannot draw 0: a latency of 0 deliveries is drawn at 1
            List<Double> y = List.of(pos(o.p50()), pos(o.p90()), pos(o.p99()), pos(o.p999()), pos(o.max()));
            CategorySeries s = c.addSeries(e.getKey(), PERCENTILES, y);
            Color col = color(i++);
            s.setLineColor(col);
            s.setMarkerColor(col);
            s.setFillColor(col);
            s.setMarker(SeriesMarkers.CIRCLE);
            names.add(e.getKey());
            colors.add(col);
        }
        return new Figure("latency", title, names, colors, svg(c, width, height));
    }

    /** A point of a sweep curve: the task count and the op's latency there. */
    public record SweepPoint(long count, ResultsReader.OpStats stats) {}

    /**
     * Latency of one op against a task's instance count, per variant: p50
     * solid, p99 dashed in the same colour (the catalog's punch latency vs
     * faulter count, Hugh Dickins' Trinity starvation).
     */
    public static Figure sweep(String title, String task, Map<String, List<SweepPoint>> byVariant, int width, int height) {
        // the counts as categories: exactly the points run, evenly spaced (1, 2, 4, 8 reads as doubling)
        java.util.TreeSet<Long> all = new java.util.TreeSet<>();
        for (List<SweepPoint> pts : byVariant.values()) for (SweepPoint p : pts) all.add(p.count());
        List<String> x = all.stream().map(String::valueOf).toList();
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title)
            .xAxisTitle("instances of task " + task).yAxisTitle("latency (deliveries)").build();
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        c.getStyler().setOverlapped(true);
        c.getStyler().setYAxisLogarithmic(logScale(byVariant.values().stream().flatMap(List::stream)
            .flatMap(p -> java.util.stream.Stream.of(p.stats().p50(), p.stats().p99())).toList()));
        List<String> names = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<SweepPoint>> e : byVariant.entrySet()) {
            // a count where no op finished (a starved punch) is a gap in the curve
            List<Double> p50 = new ArrayList<>(), p99 = new ArrayList<>();
            for (long n : all) {
                SweepPoint p = e.getValue().stream().filter(q -> q.count() == n).findFirst().orElse(null);
                p50.add(p == null ? null : pos(p.stats().p50()));
                p99.add(p == null ? null : pos(p.stats().p99()));
            }
            Color col = color(i++);
            CategorySeries a = c.addSeries(e.getKey() + " p50", x, p50);
            a.setLineColor(col);
            a.setMarkerColor(col);
            a.setMarker(SeriesMarkers.CIRCLE);
            CategorySeries b = c.addSeries(e.getKey() + " p99", x, p99);
            b.setLineColor(col);
            b.setMarkerColor(col);
            b.setMarker(SeriesMarkers.DIAMOND);
            b.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            names.add(e.getKey() + " p50");
            colors.add(col);
            names.add(e.getKey() + " p99");
            colors.add(col);
        }
        return new Figure("sweep", title, names, colors, svg(c, width, height));
    }

    /** A rate to plot: the variant's label and the rate of runs with its 95 % interval, per 1,000 runs. */
    public record RatePoint(String variant, double perThousand, double low, double high) {}

    /**
     * Runs per 1,000 that showed one violation kind, per variant, each with
     * its 95 % Wilson interval (for a variant that never showed it, the
     * interval from 0 says how high the rate could still be). XChart's error
     * bars are symmetric and Wilson intervals are not, so the interval is a
     * marker-less series at the interval's middle whose error bar spans it,
     * overlapped with the rate's dot.
     */
    public static Figure violations(String title, String kind, Color color, List<RatePoint> points, int width, int height) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title)
            .xAxisTitle("variant").yAxisTitle(kind + " runs per 1,000").build();
        style(c.getStyler());
        c.getStyler().setOverlapped(true);
        // upright names sit under their own tick (XChart centres a slanted label on it, which reads as the next one's)
        c.getStyler().setXAxisLabelRotation(points.size() > 3 ? 90 : 0);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setErrorBarsColorSeriesColor(true);
        List<String> x = new ArrayList<>();
        List<Double> mid = new ArrayList<>(), half = new ArrayList<>(), rate = new ArrayList<>();
        for (RatePoint p : points) {
            x.add(p.variant());
            mid.add((p.low() + p.high()) / 2);
            half.add((p.high() - p.low()) / 2);
            rate.add(p.perThousand());
        }
        CategorySeries interval = c.addSeries("95 % interval", x, mid, half);
        interval.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        interval.setMarker(SeriesMarkers.NONE);
        interval.setLineColor(color);
        interval.setMarkerColor(color);
        interval.setFillColor(color);
        CategorySeries dots = c.addSeries(kind, x, rate);
        dots.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        dots.setMarker(SeriesMarkers.CIRCLE);
        dots.setMarkerColor(color);
        dots.setLineColor(color);
        dots.setFillColor(color);
        return new Figure("violations", title, List.of("95 % interval", kind), List.of(color, color), svg(c, width, height));
    }

    private static double pos(long v) { return Math.max(1, v); }

    /**
     * A log scale when the values span more than a factor of 30 (a starving
     * punch beside a healthy one); XChart labels a log axis at powers of ten
     * only, so a narrower range reads better on a linear one.
     */
    static boolean logScale(List<Long> values) {
        long lo = Long.MAX_VALUE, hi = 1;
        for (long v : values) {
            lo = Math.min(lo, Math.max(1, v));
            hi = Math.max(hi, v);
        }
        return lo != Long.MAX_VALUE && hi > 30 * lo;
    }

    private static void style(org.knowm.xchart.style.AxesChartStyler s) {
        // XChart leaves out category labels closer than this many pixels; every variant and percentile must be named
        s.setXAxisTickMarkSpacingHint(20);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
    }

    /**
     * The chart as SVG text with no XML prolog or DOCTYPE (they may not
     * appear inside HTML), drawn through VectorGraphics2D as XChart's own
     * VectorGraphicsEncoder does.
     */
    static String svg(Chart<?, ?> chart, int width, int height) {
        VectorGraphics2D g = new VectorGraphics2D();
        chart.paint(g, width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        int start = s.indexOf("<svg");
        return start < 0 ? s : s.substring(start).trim();
    }
}
