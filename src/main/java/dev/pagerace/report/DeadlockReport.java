package dev.pagerace.report;

import dev.pagerace.oracle.Violation;
import dev.pagerace.oracle.Violation.Holding;
import dev.pagerace.oracle.Violation.Waiting;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a deadlock in the shape kernel developers read in lockdep splats:
 * the banner, "X is trying to acquire lock ... but task is already holding
 * lock ...", the chain of dependencies, the "Possible unsafe locking
 * scenario" table with one column per task, and the locks each task holds
 * with the stack where it took them. Unlike lockdep this is not a possible
 * deadlock: the run is stuck.
 */
public final class DeadlockReport {
    private DeadlockReport() {}

    public static String render(Violation.Deadlock d, String context) {
        StringBuilder b = new StringBuilder();
        if (d.stall()) {
            rule(b, "WARNING: no task can make progress (stalled)");
            b.append(context).append('\n');
            rule(b, null);
            b.append("Nothing is left to deliver while ").append(d.blocked().size()).append(" task")
                .append(d.blocked().size() == 1 ? " is" : "s are").append(" unfinished at step ").append(d.step()).append(".\n");
            for (Waiting w : d.blocked()) {
                b.append('\n');
                if (w.holders().isEmpty() && w.cls().isEmpty() && !w.resource().equals("(nothing)")) {
                    b.append(w.task()).append(" sleeps on ").append(w.resource()).append(", at: ").append(w.where()).append('\n');
                    b.append("  and no task that could wake it is left: a lost wakeup\n");
                } else {
                    describeWait(b, w);
                }
                b.append(w.stack());
                heldLocks(b, w);
            }
            return b.toString();
        }
        List<Waiting> cycle = d.cycle();
        boolean self = cycle.size() == 1;
        rule(b, self ? "WARNING: possible recursive locking detected" : "WARNING: possible circular locking dependency detected");
        b.append(context).append('\n');
        b.append("(not just possible: this run is deadlocked at step ").append(d.step()).append(")\n");
        rule(b, null);
        Waiting first = cycle.get(0);
        b.append(first.task()).append(" is trying to acquire lock:\n");
        b.append("  ").append(lockLabel(first.resource(), first.cls(), first.mode())).append(", at: ").append(first.where()).append('\n');
        Holding mine = holdingOf(first, self ? first.resource() : cycle.get(cycle.size() - 1).resource());
        if (mine != null) {
            b.append("\nbut task is already holding lock:\n");
            b.append("  ").append(lockLabel(mine.resource(), mine.cls(), mine.mode())).append(", at: ").append(mine.where()).append('\n');
        }
        if (!self) {
            b.append("\nwhich lock already depends on the new lock.\n\n");
            b.append("the existing dependency chain (in reverse order) is:\n");
            int n = cycle.size();
            for (int i = n - 1, k = n - 1; i >= 0; i--, k--) {
                Waiting w = cycle.get(i);
                Holding h = w.holders().isEmpty() ? null : w.holders().get(0);
                b.append("\n-> #").append(k).append(" (").append(w.cls()).append("){").append(w.mode()).append("}:\n");
                b.append("       ").append(w.task()).append(" waits for ").append(w.resource());
                if (h != null) b.append(", held by ").append(h.task()).append(" since ").append(h.where());
                b.append('\n');
                b.append(indent(w.stack(), "   "));
            }
        }
        b.append("\nother info that might help us debug this:\n\n");
        scenarioTable(b, cycle, self);
        b.append("\n *** DEADLOCK ***\n");
        for (Waiting w : cycle) {
            b.append('\n');
            describeWait(b, w);
            b.append("  stack backtrace:\n").append(indent(w.stack(), "  "));
            heldLocks(b, w);
        }
        return b.toString();
    }

    private static void describeWait(StringBuilder b, Waiting w) {
        b.append(w.task()).append(" is blocked on ").append(lockLabel(w.resource(), w.cls(), w.mode())).append(", at: ").append(w.where()).append('\n');
        if (!w.why().isEmpty()) b.append("  it found: ").append(w.why()).append('\n');
        for (Holding h : w.holders()) {
            b.append("  held by ").append(h.task()).append(" {").append(h.mode()).append("}, taken at: ").append(h.where()).append('\n');
        }
    }

    private static void heldLocks(StringBuilder b, Waiting w) {
        int n = w.held().size();
        b.append('\n').append(n == 0 ? "no locks" : n == 1 ? "1 lock" : n + " locks").append(" held by ").append(w.task()).append(n == 0 ? ".\n" : ":\n");
        for (int i = 0; i < n; i++) {
            Holding h = w.held().get(i);
            b.append(" #").append(i).append(": ").append(lockLabel(h.resource(), h.cls(), h.mode())).append(", at: ").append(h.where()).append('\n');
        }
    }

    /** The "Possible unsafe locking scenario" table: what each task took, then what each asks for. */
    private static void scenarioTable(StringBuilder b, List<Waiting> cycle, boolean self) {
        List<String> cols = new ArrayList<>();
        List<UnsafeScenario.Step> steps = new ArrayList<>();
        int n = cycle.size();
        for (int i = 0; i < n; i++) {
            Waiting w = cycle.get(i);
            cols.add(w.task());
            Waiting prev = cycle.get((i + n - 1) % n);
            Holding h = self ? holdingOf(w, w.resource()) : holdingOf(w, prev.resource());
            if (h != null) steps.add(new UnsafeScenario.Step(i, h.cls(), h.mode()));
        }
        for (int i = 0; i < n; i++) steps.add(new UnsafeScenario.Step(i, cycle.get(i).cls(), cycle.get(i).mode()));
        b.append(UnsafeScenario.render(cols, steps));
    }

    private static Holding holdingOf(Waiting w, String resource) {
        for (Holding h : w.held()) if (h.resource().equals(resource)) return h;
        return null;
    }

    static String lockLabel(String resource, String cls, String mode) {
        StringBuilder s = new StringBuilder(resource);
        if (cls != null && !cls.isEmpty() && !resource.endsWith(cls)) s.append(" (").append(cls).append(')');
        if (mode != null && !mode.isEmpty()) s.append('{').append(mode).append('}');
        return s.toString();
    }

    private static String indent(String text, String by) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) if (!line.isEmpty()) b.append(by).append(line).append('\n');
        return b.toString();
    }


    private static void rule(StringBuilder b, String title) {
        if (title == null) {
            b.append("-".repeat(60)).append('\n');
        } else {
            b.append("=".repeat(60)).append('\n').append(title).append('\n');
        }
    }
}
