package dev.pagerace.cli;

import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.dfs.DfsResult;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.Program;
import dev.pagerace.report.LockOrderReport;
import java.io.PrintWriter;
import java.nio.file.Path;

/** How {@code run --strategy dfs} prints a search: a counterexample like a violating run, then the search's verdict line. */
final class DfsOutput {
    private DfsOutput() {}

    /** {@code strategy}: dfs or bfs, as the command named it (the rerun command repeats it). */
    static void print(PrintWriter out, Path file, Program p, String strategy, DfsResult d, boolean full, boolean resumes, int tail) {
        String rerun = "./pagerace run " + file + " --variant " + p.variant() + " --strategy " + strategy + d.options();
        RunResult r = d.counterexample();
        if (r != null) {
            Output.print(out, r, full, resumes, tail, rerun,
                "./pagerace replay " + file + " --variant " + p.variant() + " --schedule " + r.schedule().encode());
            out.println();
        } else if (!d.lockOrder().isEmpty()) {
            for (Violation.LockOrder c : d.lockOrder()) {
                out.print(LockOrderReport.render(c, "pagerace: lock-class dependencies of every transition dfs explored ("
                    + p.scenario() + "/" + p.variant() + ")"));
                out.println();
            }
        }
        out.println(strategy + " " + p.scenario() + "/" + p.variant() + ": " + d.line());
        out.println(stats(strategy, d));
        if (d.bounds().contains(dev.pagerace.engine.dfs.Explorer.MEMORY_BOUND)) out.println(strategy + ": " + SearchProgressLines.memoryNote(d.states()));
        out.flush();
    }

    static String stats(String strategy, DfsResult d) {
        return String.format(strategy + ": %.2f s, %,.0f states/s, deepest path %d deliveries, visited set %,d KiB%s",
            d.seconds(), d.seconds() > 0 ? d.states() / d.seconds() : 0.0, d.maxDepth(), d.visitedBytes() / 1024,
            d.options().isEmpty() ? "" : ", options" + d.options());
    }

    static int exitCode(DfsResult d) {
        return switch (d.verdict()) {
            case VIOLATION -> Main.EXIT_VIOLATION;
            case MODEL_ERROR -> Main.EXIT_BAD_INPUT;
            default -> 0;
        };
    }
}
