package dev.pagerace.report;

import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.RunResult;
import dev.pagerace.oracle.Violation;

/** The verdict of one run as a user reads it after the trace. */
public final class RunReport {
    private RunReport() {}

    public static String verdict(RunResult r) {
        String context = "pagerace: " + r.scenario() + "/" + r.variant() + ", strategy " + r.strategy() + ", seed " + r.seed()
            + ", " + r.steps() + " deliveries";
        Outcome o = r.outcome();
        if (o instanceof Outcome.Clean) return "CLEAN: every task finished; no violation (" + context + ")\n";
        if (o instanceof Outcome.Inconclusive i) {
            return "INCONCLUSIVE: stopped after max_steps = " + i.steps() + " deliveries without a verdict (" + context + ")\n";
        }
        if (o instanceof Outcome.Diverged d) return "DIVERGED: the schedule does not fit this run: " + d.message() + "\n";
        if (o instanceof Outcome.ModelFault f) {
            return "MODEL ERROR (a bug in the scenario, not in the protocol) in " + f.task() + " at " + f.where() + ": " + f.message() + "\n";
        }
        Violation v = ((Outcome.Violated) o).violation();
        if (v instanceof Violation.Deadlock d) return "VIOLATION: " + d.headline() + "\n\n" + DeadlockReport.render(d, context);
        if (v instanceof Violation.AssertFailure a) {
            return "VIOLATION: " + a.headline() + "\n" + a.stack() + "(" + context + ")\n";
        }
        return "VIOLATION: " + v.headline() + "\n";
    }
}
