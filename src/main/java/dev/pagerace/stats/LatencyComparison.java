package dev.pagerace.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * Whether two latency distributions differ: the two-sided Mann-Whitney U
 * test (Mann and Whitney, Ann. Math. Statist. 1947) from Apache Commons
 * Statistics, which needs no assumption on the shape of the distributions
 * (op latencies are skewed and multimodal) and corrects for the ties that
 * integer delivery counts are full of. Samples are the histograms' recorded
 * values, exact up to 2047 deliveries (3 significant digits above).
 *
 * A comparison is made only when both sides have {@link #MIN_SAMPLES}
 * finished samples: below that the test has little power and a "no
 * difference" would read as evidence it is not.
 */
public final class LatencyComparison {
    public static final int MIN_SAMPLES = 20;

    /** The test's outcome; {@code tested} false (and NaN statistics) when a side had too few samples. */
    public record Result(boolean tested, double u, double pValue) {}

    private LatencyComparison() {}

    public static Result compare(Histogram a, Histogram b) {
        if (a.getTotalCount() < MIN_SAMPLES || b.getTotalCount() < MIN_SAMPLES) return new Result(false, Double.NaN, Double.NaN);
        MannWhitneyUTest.Result r = MannWhitneyUTest.withDefaults().test(samples(a), samples(b));
        // every sample of both sides equal (a one-path op): the tie-corrected variance is 0 and the library
        // answers NaN; the samples are identical, so there is no evidence of a difference
        double p = Double.isNaN(r.getPValue()) ? 1.0 : r.getPValue();
        return new Result(true, r.getStatistic(), p);
    }

    /** Every recorded sample, in ascending order, at its bucket's value. */
    static double[] samples(Histogram h) {
        long n = h.getTotalCount();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(n + " samples are too many to rank");
        double[] out = new double[(int) n];
        int i = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            double x = h.lowestEquivalentValue(v.getValueIteratedTo());
            for (long k = 0; k < v.getCountAtValueIteratedTo(); k++) out[i++] = x;
        }
        return out;
    }
}
