package dev.pagerace.report;

import dev.pagerace.stats.Latency;
import dev.pagerace.stats.LockStat;
import java.io.PrintWriter;
import java.util.Map;

/**
 * lock_stat as text, in the columns of the kernel's /proc/lock_stat
 * (Documentation/locking/lockstat.rst) where the model has them: no
 * bounces (there are no CPUs), times in deliveries, and the unfinished
 * waits and holds (a deadlock's) beside them. Then the contention and
 * contending points of each contended class, as lock_stat lists them.
 */
public final class LockStatTable {
    private LockStatTable() {}

    public static void print(PrintWriter out, LockStat stat) {
        if (stat.isEmpty()) {
            out.println("lock_stat: no lock was taken");
            return;
        }
        String fmt = "%28s %11s %8s %8s %8s %8s %9s %12s %8s %8s %8s %8s %9s%n";
        out.printf(fmt, "class name", "contentions", "wait-p50", "wait-p99", "wait-max", "wait-avg", "wait-unf",
            "acquisitions", "hold-p50", "hold-p99", "hold-max", "hold-avg", "hold-unf");
        for (LockStat.Cell c : stat.cells()) {
            Latency w = c.waits(), h = c.holds();
            // lockstat.rst: rwsem classes show -W and -R lines
            String name = c.cls + (c.mode.equals("read") ? "-R" : "-W");
            out.printf(fmt, name, c.contentions(), w.p50(), w.p99(), w.max(), String.format(java.util.Locale.ROOT, "%.1f", w.mean()),
                w.unfinished(), c.acquisitions(), h.p50(), h.p99(), h.max(), String.format(java.util.Locale.ROOT, "%.1f", h.mean()), h.unfinished());
        }
        for (LockStat.Cell c : stat.cells()) {
            if (c.contentions() == 0) continue;
            out.println();
            out.println(c.cls + (c.mode.equals("read") ? "-R" : "-W") + ":");
            for (Map.Entry<String, Long> s : c.contentionSites()) out.printf("  %8d [contention point] %s%n", s.getValue(), s.getKey());
            for (Map.Entry<String, Long> s : c.contendingSites()) out.printf("  %8d [contending point] %s%n", s.getValue(), s.getKey());
        }
        out.println("(times in deliveries; -unf: waits still blocked / locks still held when the run ended, not in the percentiles)");
    }
}
