package dev.pagerace.cli;

import dev.pagerace.campaign.Expectations;
import dev.pagerace.engine.dfs.DfsOptions;
import dev.pagerace.engine.dfs.DfsResult;
import dev.pagerace.engine.dfs.Explorer;
import dev.pagerace.engine.dfs.MemoryGuard;
import dev.pagerace.lang.Ast.ExpectDecl;
import dev.pagerace.program.Program;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code check --strategy dfs}: every variant searched exhaustively instead
 * of run N times. A clean expectation met by "exhausted" is a proof within
 * the scenario's bounds; met by "bound reached" it is what the bounds
 * covered. The search stops at its first violation, so an expected kind it
 * did not get to is listed as not reached rather than as a mismatch; an
 * expected starvation is listed as not judged.
 */
final class DfsCheck {
    private DfsCheck() {}

    static int run(PrintWriter out, PrintWriter err, List<Scenarios.Loaded> loaded, DfsOptions opt) {
        boolean allOk = true;
        out.printf("%-44s %-26s %-8s %s%n", "variant", "expected", "result", "dfs");
        for (Scenarios.Loaded l : loaded) {
            for (Map.Entry<String, Program> e : l.programs().entrySet()) {
                Program p = e.getValue();
                Set<String> expected = new TreeSet<>();
                for (ExpectDecl x : Expectations.of(l.scenario(), e.getKey())) expected.add(x.kind());
                String name = p.scenario() + "/" + p.variant();
                DfsResult d = new Explorer(p, opt).watch(MemoryGuard.heap(), new SearchProgressLines(err, name)).explore();
                List<String> notes = new ArrayList<>();
                boolean ok = judge(expected, d, notes);
                allOk &= ok;
                err.printf("check: %s %s%n", name, ok ? "ok" : "MISMATCH");
                err.flush();
                out.printf("%-44s %-26s %-8s %s%s%n", name, expected.isEmpty() ? "-" : String.join(", ", expected), ok ? "ok" : "MISMATCH",
                    d.line(), notes.isEmpty() ? "" : " [" + String.join("; ", notes) + "]");
            }
        }
        out.flush();
        return allOk ? 0 : Main.EXIT_VIOLATION;
    }

    static boolean judge(Set<String> expected, DfsResult d, List<String> notes) {
        if (d.verdict() == DfsResult.Verdict.MODEL_ERROR) {
            notes.add("the scenario has a model error");
            return false;
        }
        if (d.bounds().contains(Explorer.MEMORY_BOUND)) notes.add("stopped by the memory bound at " + d.states() + " states");
        if (expected.contains("clean")) {
            if (d.verdict() == DfsResult.Verdict.BOUND_REACHED) notes.add("clean within the bounds only");
            return d.clean();
        }
        Set<String> found = new TreeSet<>();
        if (d.verdict() == DfsResult.Verdict.VIOLATION) found.add(d.kind());
        if (!d.lockOrder().isEmpty()) found.add("lock_order");
        boolean ok = true;
        for (String k : found) {
            if (!expected.isEmpty() && !expected.contains(k)) {
                notes.add("unexpected " + k);
                ok = false;
            }
        }
        for (String k : expected) {
            if (found.contains(k)) continue;
            if (k.equals("starvation")) { // a bound on deliveries along one schedule, not a property of a state
                notes.add("starvation is not judged by dfs");
                continue;
            }
            if (d.verdict() == DfsResult.Verdict.VIOLATION || d.verdict() == DfsResult.Verdict.BOUND_REACHED) {
                notes.add(k + " not reached");
            } else {
                notes.add("no " + k + " in any schedule");
                ok = false;
            }
        }
        return ok;
    }
}
