package dev.pagerace.stats;

import org.HdrHistogram.Histogram;

/**
 * One latency distribution as results report it: the finished samples'
 * percentiles beside the samples that never finished. Those are left out of
 * the percentiles (they have no end), so they are always shown next to
 * them: a deadlocking variant's fast percentiles come from its survivors
 * only (rfc-2026's fallocate p50 of 200 against mainline's 433 was 1,803
 * runs that never finished).
 */
public record Latency(long finished, long unfinished, long p50, long p90, long p99, long p999, long max, double mean, Histogram histogram) {
    public static Latency of(Histogram h, long unfinished) {
        long n = h.getTotalCount();
        if (n == 0) return new Latency(0, unfinished, 0, 0, 0, 0, 0, 0, h);
        return new Latency(n, unfinished, h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean(), h);
    }

    /** "n=40 p50=12 p90=30 p99=41 max=41 unfinished=3" (the percentiles only when some finished). */
    public String text() {
        StringBuilder b = new StringBuilder("n=").append(finished);
        if (finished > 0) b.append(" p50=").append(p50).append(" p90=").append(p90).append(" p99=").append(p99).append(" max=").append(max);
        if (unfinished > 0) b.append(" unfinished=").append(unfinished);
        return b.toString();
    }
}
