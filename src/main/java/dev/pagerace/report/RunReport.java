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
            for (String k : s.keepers()) b.append("  ").append(k).append('\n');
            if (!s.timeline().isEmpty()) {
                b.append("  timeline of the op (steps as in the trace):\n");
                for (String line : s.timeline()) b.append("    ").append(line).append('\n');
            }
        } else if (v instanceof Violation.StaleData s) {
            b.append("  ").append(s.page()).append(" holds ").append(s.data()).append(": ").append(s.detail()).append('\n');
            if (!s.task().isEmpty()) b.append("  by ").append(s.task()).append(s.where().isEmpty() ? "" : " at " + s.where()).append('\n');
            story(b, s.data(), s.story());
        } else if (v instanceof Violation.DataExposure d) {
            b.append(d.stack());
            story(b, d.data(), d.story());
        } else if (v instanceof Violation.OrphanMapping om) {
            b.append(om.stack());
            if (!om.story().isEmpty()) {
                b.append("  what happened to ").append(om.page().replaceAll("@.*", "")).append(" (its steps in this run; the trace has the same step numbers):\n");
                for (String line : om.story()) b.append("    ").append(line).append('\n');
            }
        } else if (v instanceof Violation.PunchResidue p) {
            for (String left : p.residue()) b.append("  still present: ").append(left).append('\n');
            b.append("  the op began at ").append(p.where()).append('\n');
            if (!p.story().isEmpty()) {
                b.append("  what happened during the op (steps as in the trace):\n");
                for (String line : p.story()) b.append("    ").append(line).append('\n');
            }
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

    /** A data violation's causal steps: what happened to the block, step by step, up to the violation. */
    private static void story(StringBuilder b, String data, java.util.List<String> story) {
        if (story.isEmpty()) return;
        b.append("  how ").append(data).append(" got there (the block's steps in this run; the trace has the same step numbers):\n");
        for (String line : story) b.append("    ").append(line).append('\n');
    }

    /**
     * Lock-order cycles among one run's own dependencies, as lockdep would
     * print them after this one boot: one splat per distinct cycle, and none
     * for the cycle the run's own deadlock already shows (lockdep stops at
     * its first splat; pagerace goes on, but says one bug once).
     */
    public static String lockOrder(RunResult r) {
        dev.pagerace.oracle.LockOrderGraph g = new dev.pagerace.oracle.LockOrderGraph();
        g.add(r.lockEdges(), r.seed());
        java.util.Set<String> deadlocked = deadlockClasses(r);
        StringBuilder b = new StringBuilder();
        for (Violation.LockOrder c : g.cycles()) {
            java.util.Set<String> classes = new java.util.TreeSet<>();
            for (dev.pagerace.oracle.LockEdge e : c.chain()) classes.add(baseClass(e.from()));
            if (classes.equals(deadlocked)) {
                b.append("\n(the cycle among ").append(String.join(", ", classes)).append(" is the deadlock reported above)\n");
                continue;
            }
            b.append(LockOrderReport.render(c, "pagerace: lock-class dependencies of this run (" + r.scenario() + "/" + r.variant() + ", " + r.seedLabel() + ")"));
        }
        return b.toString();
    }

    /** The lock classes a wait-for cycle of the run waits on, without subclasses; empty if the run did not deadlock on one. */
    private static java.util.Set<String> deadlockClasses(RunResult r) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Violation v : r.violations()) {
            if (v instanceof Violation.Deadlock d && !d.stall()) for (Violation.Waiting w : d.cycle()) out.add(baseClass(w.cls()));
        }
        return out;
    }

    private static String baseClass(String cls) {
        int slash = cls.indexOf('/');
        return slash < 0 ? cls : cls.substring(0, slash);
    }
}
