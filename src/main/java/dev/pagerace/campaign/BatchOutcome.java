package dev.pagerace.campaign;

import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.RunResult;
import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.Violation;
import dev.pagerace.report.RunReport;
import dev.pagerace.stats.LockStat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one batch of seeds found: small values only, so it can cross nodes
 * and be journaled. Counts per label (clean, each violation kind,
 * model_error, inconclusive), every run that was not clean with its schedule
 * (and the full report for the first few of each kind), the batch's lock-class
 * dependencies (each with the first seed that showed it), op latencies and
 * lock_stat ({@code locks}: per lock class and mode; null in journals written
 * before it existed).
 */
public record BatchOutcome(String batchId, String scenario, String variant, String strategy, long firstSeed, int count, long steps,
                           List<String> labels, List<Long> labelCounts, List<Found> found,
                           List<LockEdge> edges, List<OpStat> ops, List<LockStat.Entry> locks) implements CrossNode {

    /**
     * A run that was not clean; {@code signatures} are its violations'
     * (parallel to {@code kinds} when it violated, empty otherwise; null in
     * journals written before signatures existed), {@code steps} its length.
     */
    public record Found(long seed, List<String> kinds, String headline, String schedule, String report,
                        List<String> signatures, long steps) implements CrossNode {}

    /**
     * Latencies in deliveries of one op over the batch, as a compressed
     * HdrHistogram (mergeable, a few hundred bytes), how many were still
     * pending when their run ended, the runs the histogram's samples come
     * from and the runs that left the op unfinished (both 0 in journals
     * written before they existed).
     */
    public record OpStat(String op, byte[] histogram, long unfinished, long runs, long runsUnfinished) implements CrossNode {
        public Histogram decode() {
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(histogram), 0);
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("corrupt latency histogram of op " + op, e);
            }
        }

        static OpStat of(String op, Histogram h, long unfinished, long runs, long runsUnfinished) {
            ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int n = h.encodeIntoCompressedByteBuffer(b);
            return new OpStat(op, Arrays.copyOf(b.array(), n), unfinished, runs, runsUnfinished);
        }
    }

    /** A histogram for op latencies: 3 significant digits, growing as needed. */
    public static Histogram newHistogram() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    /** Reports kept in full per kind and batch; the others keep seed, headline and schedule. */
    static final int REPORTS_PER_KIND = 2;

    public static BatchOutcome of(String batchId, String strategy, long firstSeed, List<RunResult> runs) {
        return of(batchId, strategy, firstSeed, runs, Integer.MAX_VALUE);
    }

    /**
     * As above; schedules longer than {@code maxScheduleChars} are left out
     * ("" in {@link Found#schedule()}): the seed still replays the run, and
     * batch outcomes stay small enough to cross nodes.
     */
    public static BatchOutcome of(String batchId, String strategy, long firstSeed, List<RunResult> runs, int maxScheduleChars) {
        RunResult any = runs.get(0);
        Map<String, Long> counts = new TreeMap<>();
        List<Found> found = new ArrayList<>();
        Map<String, Integer> reported = new TreeMap<>();
        Map<String, LockEdge> edges = new LinkedHashMap<>();
        Map<String, Histogram> latency = new TreeMap<>();
        Map<String, Long> unfinished = new TreeMap<>();
        Map<String, Long> opRuns = new TreeMap<>(), opRunsUnfinished = new TreeMap<>();
        LockStat locks = new LockStat();
        long steps = 0;
        for (RunResult r : runs) {
            steps += r.steps();
            List<String> kinds = new ArrayList<>();
            List<String> signatures = new ArrayList<>();
            if (r.outcome() instanceof Outcome.Violated) {
                for (Violation v : r.violations()) {
                    kinds.add(v.kind());
                    signatures.add(v.signature());
                }
            } else {
                kinds.add(r.outcome().label());
            }
            for (String k : kinds) counts.merge(k, 1L, Long::sum);
            if (!(r.outcome() instanceof Outcome.Clean)) {
                boolean full = false;
                for (String k : kinds) if (reported.merge(k, 1, Integer::sum) <= REPORTS_PER_KIND) full = true;
                String headline = r.outcome() instanceof Outcome.Violated v ? v.violation().headline() : VariantSummary.headline(r.outcome());
                String schedule = r.schedule().encode();
                if (schedule.length() > maxScheduleChars) schedule = "";
                found.add(new Found(r.seed(), List.copyOf(kinds), headline, schedule, full ? RunReport.verdict(r) : "", List.copyOf(signatures), r.steps()));
            }
            for (LockEdge e : r.lockEdges()) edges.putIfAbsent(e.key(), e.withSeed(r.seed()));
            TreeSet<String> finishedHere = new TreeSet<>(), unfinishedHere = new TreeSet<>();
            for (RunResult.OpTime t : r.opTimes()) {
                if (!t.finished()) {
                    unfinished.merge(t.op(), 1L, Long::sum);
                    unfinishedHere.add(t.op());
                    continue;
                }
                finishedHere.add(t.op());
                latency.computeIfAbsent(t.op(), k -> newHistogram()).recordValue(t.deliveries());
            }
            // the runs each distribution comes from: a survivor-biased one says how few they are
            for (String op : finishedHere) opRuns.merge(op, 1L, Long::sum);
            for (String op : unfinishedHere) opRunsUnfinished.merge(op, 1L, Long::sum);
            if (r.lockUse() != null) locks.addRun(r.lockUse());
        }
        List<OpStat> ops = new ArrayList<>();
        TreeSet<String> opNames = new TreeSet<>(latency.keySet());
        opNames.addAll(unfinished.keySet());
        for (String op : opNames) {
            ops.add(OpStat.of(op, latency.getOrDefault(op, newHistogram()), unfinished.getOrDefault(op, 0L),
                opRuns.getOrDefault(op, 0L), opRunsUnfinished.getOrDefault(op, 0L)));
        }
        return new BatchOutcome(batchId, any.scenario(), any.variant(), strategy, firstSeed, runs.size(), steps,
            List.copyOf(counts.keySet()), List.copyOf(counts.values()), List.copyOf(found),
            List.copyOf(edges.values()), List.copyOf(ops), locks.entries());
    }
}
