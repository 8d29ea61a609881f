package dev.pagerace.campaign;

import java.util.Locale;

/**
 * How much a verdict from N sampled runs says (issue 7: a verdict must state
 * how it was obtained). A clean result of N independent runs bounds the
 * per-run probability of any violation below 3/N with 95 % confidence (the
 * rule of three: Hanley and Lippman-Hand, JAMA 1983; (1 - p)^N = 0.05 gives
 * p = -ln(0.05)/N ~ 3/N). A count of K violating runs in N is given with
 * its rate and the 95 % Wilson score interval (Wilson, JASA 1927), which,
 * unlike the normal approximation, stays inside [0, 1] and is sound for the
 * small K and large N fuzzing produces.
 */
public final class VerdictStrength {
    /** The 97.5 % quantile of the standard normal: a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    private VerdictStrength() {}

    /** The 95 % upper bound on the per-run probability of a violation when none was seen in {@code runs} runs: 3/N. */
    public static double ruleOfThree(long runs) {
        if (runs <= 0) return 1.0;
        return Math.min(1.0, 3.0 / runs);
    }

    /** The 95 % Wilson score interval {low, high} of a proportion of {@code k} in {@code n} (n > 0). */
    public static double[] wilson(long k, long n) {
        if (n <= 0) return new double[] {0, 1};
        if (k < 0 || k > n) throw new IllegalArgumentException(k + " of " + n);
        double p = (double) k / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** "N runs of STRATEGY: per-run probability of any violation < 3/N = X % at 95 % (rule of three)". */
    public static String clean(long runs, String strategy) {
        return runs + " runs of " + strategy + ": per-run probability of any violation < 3/" + runs + " = " + percent(ruleOfThree(runs))
            + " at 95 % (rule of three)";
    }

    /** "deadlock 37/2000 = 1.85 % (95 % Wilson 1.35-2.54 %)". */
    public static String count(String kind, long k, long n) {
        double[] ci = wilson(k, n);
        return kind + " " + k + "/" + n + " = " + percent((double) k / Math.max(1, n)) + " (95 % Wilson " + number(ci[0]) + "-" + percent(ci[1]) + ")";
    }

    /** A probability as a percentage with three significant digits: 1.85 %, 0.15 %, 0.000375 %. */
    public static String percent(double p) {
        return number(p) + " %";
    }

    private static String number(double p) {
        double x = p * 100;
        if (x == 0) return "0";
        if (x >= 100) return "100";
        String s = String.format(Locale.ROOT, "%.3g", x);
        if (s.contains("e")) s = String.format(Locale.ROOT, "%.2e", x);
        else if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
