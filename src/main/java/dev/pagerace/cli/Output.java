package dev.pagerace.cli;

import dev.pagerace.engine.RunResult;
import dev.pagerace.report.RunReport;
import java.io.PrintWriter;

/** How run and replay print a run: trace (or its tail), verdict, and how to reproduce it. */
final class Output {
    private Output() {}

    /**
     * {@code --shrink}: the shrunk run in full (its trace is short; that is
     * the point), then the input run and both lengths. {@code shrunk} is the
     * shrunk schedule rerun on the command's engine, traced.
     */
    static void printShrunk(PrintWriter out, dev.pagerace.engine.Shrinker.Shrunk sh, RunResult shrunk, String original, String replayPrefix) {
        print(out, shrunk, true, 0, null, replayPrefix + shrunk.schedule().encode());
        out.println("original: " + original + ", " + sh.original().steps() + " deliveries");
        out.println("shrunk:   " + shrunk.steps() + " deliveries (" + sh.original().steps() + " before), " + sh.runs()
            + " candidate runs; signature " + dev.pagerace.oracle.Violation.signatureId(sh.signature()) + " kept:");
        out.println("          " + sh.signature());
        out.flush();
    }

    static void print(PrintWriter out, RunResult r, boolean full, int tail, String rerun, String replay) {
        print(out, r, full, tail, rerun, replay, null);
    }

    /** {@code strategy}: how the run was scheduled (for pct its n, k, d and per-run bound), or null. */
    static void print(PrintWriter out, RunResult r, boolean full, int tail, String rerun, String replay, String strategy) {
        String trace = r.trace() == null ? "" : r.trace();
        String[] lines = trace.split("\n");
        if (full || lines.length <= (long) tail + 3) { // long: --tail 2147483647 must not wrap
            out.print(trace);
        } else {
            // header lines, a note, then the last deliveries
            out.println(lines[0]);
            out.println(lines[1]);
            out.println("   ... " + (lines.length - 3 - tail) + " earlier deliveries (--trace prints them all)");
            for (int i = lines.length - 1 - tail; i < lines.length; i++) out.println(lines[i]);
        }
        out.println();
        out.print(RunReport.verdict(r));
        String order = RunReport.lockOrder(r);
        if (!order.isEmpty()) {
            out.println();
            out.println("Lock-order cycles among this run's dependencies (possible deadlocks, even where this run did not deadlock):");
            out.print(order);
        }
        out.println();
        if (strategy != null) out.println("strategy: " + strategy);
        out.println("schedule: " + r.schedule().encode());
        if (rerun != null) out.println("rerun:    " + rerun);
        out.println("replay:   " + replay);
        out.flush();
    }
}
