package dev.pagerace.campaign;

import dev.pagerace.stats.Latency;
import dev.pagerace.stats.LatencyComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which variants of a scenario have op latencies that differ significantly:
 * every pair of variants (in the order given) run under the same strategy
 * and every op both ran, by
 * the Mann-Whitney U test ({@link LatencyComparison}), Bonferroni-corrected
 * over the scenario's tested pairs so that a scenario with many variants
 * and ops does not find differences by testing often. Ops that never
 * finished are not in either sample: each comparison carries both sides'
 * unfinished counts, since a deadlocking variant's survivors are its fast runs.
 */
public final class Comparisons {
    /** Significance level of the corrected p-value. */
    public static final double ALPHA = 0.05;

    public record Comparison(String scenario, String op, String a, String b, Latency latencyA, Latency latencyB,
                             boolean tested, String untested, double u, double pValue, double pAdjusted, boolean significant, String shift) {
        /** "fallocate: mainline vs rfc-2026 differ (Mann-Whitney U, two-sided, p = 3.1e-12, Bonferroni-adjusted over 3: 9.3e-12); p50 433 vs 200 ...". */
        public String text() {
            String head = op + ": " + a + " (" + side(latencyA) + ") vs " + b + " (" + side(latencyB) + ")";
            if (!tested) return head + ": not tested (" + untested + ")";
            String verdict = significant
                ? (shift.equals("a_slower") ? a + " is slower" : shift.equals("b_slower") ? b + " is slower" : "distributions differ")
                : "no significant difference";
            String bias = latencyA.unfinished() > 0 || latencyB.unfinished() > 0 ? "; unfinished ops are not in the samples (survivor bias)" : "";
            return head + ": " + verdict + " (Mann-Whitney U, two-sided, p = " + p(pValue) + ", Bonferroni-adjusted " + p(pAdjusted) + ")" + bias;
        }

        private static String side(Latency l) {
            return "n=" + l.finished() + (l.finished() > 0 ? " p50=" + l.p50() : "") + (l.unfinished() > 0 ? " unfinished=" + l.unfinished() : "");
        }

        private static String p(double p) {
            return p < 1e-4 ? String.format(Locale.ROOT, "%.2g", p) : String.format(Locale.ROOT, "%.4f", p);
        }
    }

    private Comparisons() {}

    /** Comparisons of every scenario's variant pairs, scenario by scenario in first-seen order. */
    public static List<Comparison> of(List<VariantSummary> variants) {
        Map<String, List<VariantSummary>> byScenario = new LinkedHashMap<>();
        for (VariantSummary v : variants) byScenario.computeIfAbsent(v.scenario, k -> new ArrayList<>()).add(v);
        List<Comparison> out = new ArrayList<>();
        for (var e : byScenario.entrySet()) {
            List<Comparison> raw = new ArrayList<>();
            List<VariantSummary> vs = e.getValue();
            for (int i = 0; i < vs.size(); i++) {
                for (int j = i + 1; j < vs.size(); j++) {
                    Map<String, VariantSummary.OpLatency> a = vs.get(i).ops(), b = vs.get(j).ops();
                    for (String op : a.keySet()) {
                        if (!b.containsKey(op)) continue;
                        Latency la = a.get(op).latency(), lb = b.get(op).latency();
                        String sa = vs.get(i).strategy(), sb = vs.get(j).strategy();
                        if (!sa.equals(sb)) {
                            // a schedule's strategy shapes its latencies (fair interleaves tasks, random favours busy ones):
                            // a difference would be the strategies'
                            raw.add(new Comparison(e.getKey(), op, vs.get(i).variant, vs.get(j).variant, la, lb, false,
                                "different strategies: " + sa + " vs " + sb, Double.NaN, Double.NaN, Double.NaN, false, "none"));
                            continue;
                        }
                        LatencyComparison.Result r = LatencyComparison.compare(la.histogram(), lb.histogram());
                        raw.add(new Comparison(e.getKey(), op, vs.get(i).variant, vs.get(j).variant, la, lb, r.tested(),
                            r.tested() ? null : "fewer than " + LatencyComparison.MIN_SAMPLES + " finished on a side", r.u(), r.pValue(),
                            Double.NaN, false, "none"));
                    }
                }
            }
            long tested = raw.stream().filter(Comparison::tested).count();
            for (Comparison c : raw) {
                if (!c.tested()) {
                    out.add(c);
                    continue;
                }
                double adj = Math.min(1.0, c.pValue() * tested);
                boolean sig = adj < ALPHA;
                String shift = "none";
                if (sig) {
                    int cmp = Long.compare(c.latencyA().p50(), c.latencyB().p50());
                    if (cmp == 0) cmp = Double.compare(c.latencyA().mean(), c.latencyB().mean());
                    shift = cmp > 0 ? "a_slower" : cmp < 0 ? "b_slower" : "none";
                }
                out.add(new Comparison(c.scenario(), c.op(), c.a(), c.b(), c.latencyA(), c.latencyB(), true, null, c.u(), c.pValue(), adj, sig, shift));
            }
        }
        return out;
    }
}
