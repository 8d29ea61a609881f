package dev.pagerace.report;

import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.Violation;
import java.util.List;

/**
 * A lock-order cycle in lockdep's format: the banner, the acquisition that
 * closes the cycle, the existing dependency chain in reverse order (each
 * entry with the stack where it was recorded, the task and the seed), and the
 * "Possible unsafe locking scenario" table.
 */
public final class LockOrderReport {
    private LockOrderReport() {}

    public static String render(Violation.LockOrder c, String context) {
        List<LockEdge> chain = c.chain();
        int n = chain.size();
        LockEdge closing = chain.get(n - 1);
        StringBuilder b = new StringBuilder();
        b.append("=".repeat(60)).append('\n');
        b.append(n == 1 ? "WARNING: possible recursive locking detected\n" : "WARNING: possible circular locking dependency detected\n");
        b.append(context).append('\n');
        if (c.hiddenFromLockdep()) {
            b.append("(not visible to lockdep: this cycle goes through a page lock or a lock declared untracked,\n"
                + " which lockdep does not track; pagerace does)\n");
        }
        b.append("-".repeat(60)).append('\n');
        b.append(closing.task()).append(" is trying to acquire lock:\n");
        b.append("  (").append(closing.to()).append("){").append(closing.toMode()).append("}, at: ").append(closing.takenWhere()).append('\n');
        b.append("\nbut task is already holding lock:\n");
        b.append("  (").append(closing.from()).append("){").append(closing.fromMode()).append("}, at: ").append(closing.heldWhere()).append('\n');
        if (n > 1) {
            b.append("\nwhich lock already depends on the new lock.\n\n");
            b.append("the existing dependency chain (in reverse order) is:\n");
            for (int i = n - 1; i >= 0; i--) {
                LockEdge e = chain.get(i);
                b.append("\n-> #").append(i).append(" (").append(e.to()).append("){").append(e.toMode()).append("}:\n");
                b.append("       taken by ").append(e.task()).append(" holding (").append(e.from()).append("){").append(e.fromMode())
                    .append("} since ").append(e.heldWhere()).append(", recorded in ").append(dev.pagerace.engine.RunResult.seedLabel(e.seed())).append('\n');
                b.append(e.takenStack());
            }
        } else {
            b.append("\n(the same class and subclass again: May be due to missing lock nesting notation)\n");
            b.append(closing.takenStack());
        }
        b.append("\nother info that might help us debug this:\n\n");
        java.util.List<String> cols = new java.util.ArrayList<>();
        java.util.List<UnsafeScenario.Step> steps = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            cols.add("CPU" + i);
            steps.add(new UnsafeScenario.Step(i, chain.get(i).from(), chain.get(i).fromMode()));
        }
        for (int i = 0; i < n; i++) steps.add(new UnsafeScenario.Step(i, chain.get(i).to(), chain.get(i).toMode()));
        b.append(UnsafeScenario.render(cols, steps));
        b.append("\n *** DEADLOCK ***\n");
        return b.toString();
    }



}
