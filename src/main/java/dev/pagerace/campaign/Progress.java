package dev.pagerace.campaign;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Campaign progress on stderr: runs done of total, runs per second,
 * violations by kind, ETA. A live line on a terminal, a plain line every
 * progress-interval otherwise (logs, CI).
 */
public final class Progress {
    private final PrintStream err;
    private final boolean live;
    private final long total;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long done;
    private long doneAtStart;
    private long lastPrint;
    private final Map<String, Long> kinds = new TreeMap<>();
    /** Distinct violation signatures so far, per variant: how many different bugs, not how many runs. */
    private final java.util.Set<String> signatures = new java.util.HashSet<>();

    public Progress(PrintStream err, boolean live, long total, Duration interval) {
        this.err = err;
        this.live = live;
        this.total = total;
        this.intervalNanos = interval.toNanos();
    }

    /** Batches already done before this process started (resume). */
    public synchronized void resumed(BatchOutcome b) {
        add(b);
        doneAtStart += b.count();
    }

    public synchronized void add(BatchOutcome b) {
        done += b.count();
        for (int i = 0; i < b.labels().size(); i++) {
            String k = b.labels().get(i);
            if (!k.equals("clean")) kinds.merge(k, b.labelCounts().get(i), Long::sum);
        }
        for (BatchOutcome.Found f : b.found()) {
            if (f.signatures() != null) for (String sig : f.signatures()) signatures.add(b.scenario() + "/" + b.variant() + " " + sig);
        }
    }

    public synchronized void tick() {
        long now = System.nanoTime();
        if (now - lastPrint < (live ? 200_000_000L : intervalNanos)) return;
        lastPrint = now;
        print(false);
    }

    public synchronized void finish() {
        print(true);
    }

    private void print(boolean last) {
        double secs = (System.nanoTime() - start) / 1e9;
        long fresh = done - doneAtStart;
        double rate = secs > 0 ? fresh / secs : 0;
        String eta = rate > 0 && done < total ? ", ETA " + fmt((long) ((total - done) / rate)) : "";
        String line = String.format("campaign: %d/%d runs (%d%%), %.0f runs/s, %s%s", done, total, total == 0 ? 100 : done * 100 / total,
            rate, kinds.isEmpty() ? "no violations" : kinds.toString().replace("{", "").replace("}", "")
                + (signatures.isEmpty() ? "" : " (" + signatures.size() + " distinct signature" + (signatures.size() == 1 ? "" : "s") + ")"), eta);
        if (live) {
            err.print("\r" + line + "\u001b[K");
            if (last) err.println();
        } else {
            err.println(line);
        }
        err.flush();
    }

    private static String fmt(long s) {
        return s >= 3600 ? (s / 3600) + "h" + (s % 3600 / 60) + "m" : s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
