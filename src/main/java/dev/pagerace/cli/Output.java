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
        print(out, r, full, false, tail, rerun, replay, null);
    }

    static void print(PrintWriter out, RunResult r, boolean full, boolean resumes, int tail, String rerun, String replay) {
        print(out, r, full, resumes, tail, rerun, replay, null);
    }

    /**
     * {@code strategy}: how the run was scheduled (for pct its n, k, d and
     * per-run bound), or null. {@code resumes}: keep the {@code resume}
     * steps (a task taking the reply it waited for), which say nothing the
     * step before them did not; every line keeps its step number, so a
     * filtered trace still lines up with a replay and with the reports.
     */
    static void print(PrintWriter out, RunResult r, boolean full, boolean resumes, int tail, String rerun, String replay, String strategy) {
        String trace = r.trace() == null ? "" : r.trace();
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.Arrays.asList(trace.split("\n")));
        int hidden = 0;
        if (!resumes) {
            for (var it = lines.listIterator(2 <= lines.size() ? 2 : lines.size()); it.hasNext(); ) {
                if (isResume(it.next())) {
                    it.remove();
                    hidden++;
                }
            }
        }
        if (trace.isEmpty()) {
            // no trace recorded: nothing to print
        } else if (full || lines.size() <= (long) tail + 3) { // long: --tail 2147483647 must not wrap
            for (String l : lines) out.println(l);
        } else {
            // header lines, a note, then the last deliveries
            out.println(lines.get(0));
            out.println(lines.get(1));
            out.println("   ... " + (lines.size() - 3 - tail) + " earlier deliveries (--trace prints them all)");
            for (int i = lines.size() - 1 - tail; i < lines.size(); i++) out.println(lines.get(i));
        }
        if (hidden > 0) out.println("# " + hidden + " resume steps not shown (--trace all shows them)");
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

    /** A trace line whose operation column is {@code resume}: {@code #12     faulter-0      resume ...}. */
    static boolean isResume(String line) {
        if (!line.startsWith("#") || line.startsWith("# ")) return false;
        String[] f = line.split("\\s+", 4);
        return f.length >= 3 && f[2].equals("resume");
    }
}
