package dev.pagerace.report;

import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.RunResult;
import dev.pagerace.oracle.Violation;

/** The verdict of one run as a user reads it after the trace. */
public final class RunReport {
    private RunReport() {}

    public static String verdict(RunResult r) {
        String context = "pagerace: " + r.scenario() + "/" + r.variant() + ", strategy " + r.strategy() + ", " + r.seedLabel()
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
        StringBuilder all = new StringBuilder();
        for (Violation v : r.violations()) {
            if (all.length() > 0) all.append('\n');
            all.append(one(v, context));
        }
        return all.toString();
    }

    private static String one(Violation v, String context) {
        if (v instanceof Violation.Deadlock d) return "VIOLATION: " + d.headline() + "\n\n" + DeadlockReport.render(d, context);
        StringBuilder b = new StringBuilder("VIOLATION: ").append(v.headline()).append('\n').append(context).append('\n');
        if (v instanceof Violation.AssertFailure a) {
            b.append(a.stack());
        } else if (v instanceof Violation.Starvation s) {
            b.append("  op ").append(s.op()).append(" began at step ").append(s.began()).append(" (").append(s.where()).append(") and was still pending ")
                .append(s.pendingFor()).append(" deliveries later\n  ").append(s.task()).append(" is ").append(s.doing()).append('\n')
                .append("  its removals undone by other tasks: ").append(s.undone()).append('\n');
        } else if (v instanceof Violation.StaleData s) {
            b.append("  ").append(s.page()).append(" holds ").append(s.data()).append(": ").append(s.detail()).append('\n');
            if (!s.task().isEmpty()) b.append("  by ").append(s.task()).append(s.where().isEmpty() ? "" : " at " + s.where()).append('\n');
        } else if (v instanceof Violation.DataExposure d) {
            b.append(d.stack());
        } else if (v instanceof Violation.OrphanMapping om) {
            b.append(om.stack());
        } else if (v instanceof Violation.PunchResidue p) {
            for (String left : p.residue()) b.append("  still present: ").append(left).append('\n');
            b.append("  the op began at ").append(p.where()).append('\n');
        } else if (v instanceof Violation.SleepInAtomic s) {
            b.append("  spinlock ").append(s.spinlock()).append(" taken at ").append(s.heldAt()).append('\n').append(s.stack());
        } else if (v instanceof Violation.LockLeak l) {
            b.append("  ").append(l.task()).append(" ended (lockdep: lock held when returning to user space!) holding:\n");
            for (Violation.Holding h : l.held()) {
                b.append("    ").append(h.resource()).append(" {").append(h.mode()).append("}, taken at ").append(h.where()).append('\n').append(h.stack());
            }
        } else if (v instanceof Violation.LockOrder l) {
            b.append(LockOrderReport.render(l, context));
        }
        return b.toString();
    }

    /** Lock-order cycles among one run's own dependencies, as lockdep would print them after this one boot. */
    public static String lockOrder(RunResult r) {
        dev.pagerace.oracle.LockOrderGraph g = new dev.pagerace.oracle.LockOrderGraph();
        g.add(r.lockEdges(), r.seed());
        StringBuilder b = new StringBuilder();
        for (Violation.LockOrder c : g.cycles()) {
            b.append('\n').append(LockOrderReport.render(c, "pagerace: lock-class dependencies of this run (" + r.scenario() + "/" + r.variant() + ", " + r.seedLabel() + ")"));
        }
        return b.toString();
    }
}
