package dev.pagerace.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The Mann-Whitney comparison of two latency histograms. */
class LatencyComparisonTest {
    private static Histogram of(long... values) {
        Histogram h = Histograms.create();
        for (long v : values) h.recordValue(v);
        return h;
    }

    private static Histogram repeat(long value, int n) {
        Histogram h = Histograms.create();
        h.recordValueWithCount(value, n);
        return h;
    }

    @Test void samplesComeBackExactlyFromTheHistogram() {
        assertArrayEquals(new double[] {3, 3, 7, 2047}, LatencyComparison.samples(of(7, 3, 2047, 3)));
    }

    @Test void tooFewSamplesAreNotTested() {
        LatencyComparison.Result r = LatencyComparison.compare(repeat(5, LatencyComparison.MIN_SAMPLES - 1), repeat(9, 100));
        assertFalse(r.tested());
        assertTrue(Double.isNaN(r.pValue()));
    }

    @Test void identicalConstantSamplesShowNoDifference() {
        LatencyComparison.Result r = LatencyComparison.compare(repeat(5, 30), repeat(5, 30));
        assertTrue(r.tested());
        assertEquals(1.0, r.pValue());
    }

    @Test void separatedSamplesDiffer() {
        LatencyComparison.Result r = LatencyComparison.compare(repeat(5, 30), repeat(7, 30));
        assertTrue(r.tested());
        assertEquals(0.0, r.u(), "no sample of the first side exceeds one of the second");
        assertTrue(r.pValue() < 1e-10, "p = " + r.pValue());
    }
}
