package dev.pagerace.report;

import dev.pagerace.oracle.Violation;
import dev.pagerace.oracle.Violation.Holding;
import dev.pagerace.oracle.Violation.Waiting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A real deadlock (a wait-for cycle the run is stuck in) in the layout of a
 * lockdep splat (kernel/locking/lockdep.c): print_circular_bug() for a cycle
 * through two or more lock classes, print_deadlock_bug() ("possible
 * recursive locking detected") for a task waiting on itself or for locks of
 * one class nested in opposite orders. The current task, lockdep's CPU0, is
 * the one whose wait closed the cycle.
 *
 * <p>Where lockdep can only say what might happen, pagerace says what did:
 * the unsafe scenario has one column per task, named, with its rows in the
 * order the run took and requested the locks and each row's step; each wait
 * names the task it really waits for, the holder, or the waiter queued ahead
 * of it (rwsem_down_read_slowpath(): a reader waits behind a queued writer).
 */
public final class DeadlockReport {
    private static final int COLUMN = 24;

    private DeadlockReport() {}

    public static String render(Violation.Deadlock d, String context) {
        if (d.stall()) return stall(d, context);
        List<Waiting> cycle = rotateToCurrent(d.cycle());
        int n = cycle.size();
        Waiting current = cycle.get(n - 1);
        // what the current task holds that the task before it on the cycle waits for (itself when it waits on itself)
        Holding mine = holdingOf(current, cycle.get((n - 2 + n) % n).resource());
        boolean recursive = sameClass(cycle);
        String title = recursive ? "WARNING: possible recursive locking detected" : "WARNING: possible circular locking dependency detected";
        StringBuilder b = new StringBuilder();
        b.append("=".repeat(title.length())).append('\n').append(title).append('\n');
        b.append(context).append('\n');
        b.append("(not just possible: this run is deadlocked at step ").append(d.step()).append(")\n");
        if (cycle.stream().anyMatch(w -> w.cls().equals("page_lock"))) {
            // PG_locked is a bit in page->flags: lock_page() has no lockdep map, so lockdep never sees this cycle
            b.append("(not visible to lockdep: the cycle goes through a page lock, which lockdep does not track)\n");
        }
        b.append("-".repeat(title.length())).append('\n');
        b.append(pid(current)).append(" is trying to acquire lock:\n");
        b.append(lock(current.resource(), current.kernelCls(), current.mode(), current.where()));
        if (mine != null) {
            b.append("\nbut task is already holding lock:\n");
            b.append(lock(mine.resource(), mine.kernelCls(), mine.mode(), mine.where()));
        } else {
            // the task before it waits for it without a lock of it: queued behind its request (rwsem hand-over order)
            Waiting prev = cycle.get((n - 2 + n) % n);
            b.append("\nbut task holds no lock on the cycle: ").append(pid(prev)).append(" is queued behind its request for:\n");
            b.append(lock(current.resource(), current.kernelCls(), current.mode(), current.where()));
        }
        if (recursive) {
            b.append("\nother info that might help us debug this:\n");
        } else {
            b.append("\nwhich lock already depends on the new lock.\n\n");
            b.append("\nthe existing dependency chain (in reverse order) is:\n");
            // entry #k (k >= 1) is the wait of cycle[k-1], which holds what cycle[k-2] waits for; #0 the current wait
            for (int k = n - 1; k >= 0; k--) {
                Waiting w = k == 0 ? current : cycle.get(k - 1);
                b.append("\n-> #").append(k).append(" (").append(w.kernelCls()).append("){").append(w.mode()).append("}:\n");
                b.append(LockOrderReport.reindent(w.stack(), "       "));
                b.append("       [").append(waitsFor(w, cycle)).append("]\n");
            }
            b.append("\nother info that might help us debug this:\n\n");
        }
        scenarioTable(b, cycle);
        b.append("\n *** DEADLOCK ***\n\n");
        if (recursive && !current.resource().equals(mine == null ? "" : mine.resource())) {
            // lockdep's hint for one class nested twice: two inodes' locks need an order (lock_two) or a _nested annotation
            b.append(" May be due to missing lock nesting notation\n\n");
        }
        // lockdep prints the current task's held locks and stack; every task of the cycle is stuck, so all of them
        for (int i = n - 1; i >= 0; i--) {
            Waiting w = i == n - 1 ? current : cycle.get(n - 2 - i);
            if (w != current) b.append('\n');
            b.append(pid(w)).append(" is blocked since step ").append(w.step()).append(" on:\n");
            b.append(lock(w.resource(), w.kernelCls(), w.mode(), w.where()));
            b.append("  ").append(waitsFor(w, cycle)).append('\n');
            heldLocks(b, w);
            b.append("\nstack backtrace:\n").append(LockOrderReport.reindent(w.stack(), " "));
        }
        return b.toString();
    }

    /** The cycle (each task waits for the next) rotated so the task that blocked last, which closed it, comes last. */
    private static List<Waiting> rotateToCurrent(List<Waiting> cycle) {
        int last = 0;
        for (int i = 1; i < cycle.size(); i++) if (cycle.get(i).step() > cycle.get(last).step()) last = i;
        List<Waiting> out = new ArrayList<>(cycle.subList(last + 1, cycle.size()));
        out.addAll(cycle.subList(0, last + 1));
        return out;
    }

    /** Every task waits on one lock class and holds one of it: check_deadlock()'s same-class case, or a self-deadlock. */
    private static boolean sameClass(List<Waiting> cycle) {
        String cls = cycle.get(0).cls();
        for (Waiting w : cycle) {
            if (!w.cls().equals(cls) || w.holders().isEmpty()) return false;
            if (w.held().stream().noneMatch(h -> h.cls().equals(cls))) return false;
        }
        return true;
    }

    /** The real wait-for edge of {@code w}: the next task on the cycle, holding what it asks for or queued ahead of it. */
    private static String waitsFor(Waiting w, List<Waiting> cycle) {
        int i = cycle.indexOf(w);
        Waiting next = cycle.get((i + 1) % cycle.size());
        String head = pid(w) + " waits since step " + w.step() + " for " + w.resource() + "{" + w.mode() + "}: ";
        for (Holding h : w.holders()) {
            if (h.task().equals(next.task())) {
                return head + (next == w ? "held by itself" : "held by " + pid(next)) + "{" + h.mode() + "} since step " + h.step() + ", at: " + h.where();
            }
        }
        if (next.resource().equals(w.resource())) {
            return head + "queued behind " + pid(next) + "'s {" + next.mode() + "} request of step " + next.step()
                + (w.holders().isEmpty() ? "" : ", which waits for " + String.join(", ", w.holders().stream().map(h -> h.task() + "/" + h.pid() + "{" + h.mode() + "}").toList()));
        }
        return head + "waits for " + pid(next) + " (" + w.why() + ")";
    }

    /**
     * The unsafe scenario as it happened: the current task's column first,
     * as lockdep's CPU0, then the others in cycle order; per task, the
     * acquisition of what the task before it waits for and its own request,
     * each row at its step, every row in step order.
     */
    private static void scenarioTable(StringBuilder b, List<Waiting> cycle) {
        int n = cycle.size();
        List<Waiting> cols = new ArrayList<>();
        cols.add(cycle.get(n - 1));
        for (int i = 0; i < n - 1; i++) cols.add(cycle.get(i));
        record Row(long step, int col, String cell) {}
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            Waiting w = cols.get(c);
            int at = cycle.indexOf(w);
            Waiting prev = cycle.get((at - 1 + n) % n);
            Holding h = holdingOf(w, prev.resource());
            if (h != null) rows.add(new Row(h.step(), c, LockOrderReport.take(h.mode(), h.resource())));
            rows.add(new Row(w.step(), c, LockOrderReport.take(w.mode(), w.resource())));
        }
        rows.sort(Comparator.comparingLong(Row::step));
        b.append(" Possible unsafe locking scenario:\n\n");
        StringBuilder head = new StringBuilder("       "), dash = new StringBuilder("       ");
        for (int c = 0; c < n; c++) {
            String name = pid(cols.get(c));
            head.append(c == n - 1 ? name : pad(name, COLUMN));
            dash.append(c == n - 1 ? "----" : pad("----", COLUMN));
        }
        b.append(head.toString().stripTrailing()).append('\n').append(dash.toString().stripTrailing()).append('\n');
        for (Row r : rows) {
            // lockdep's columns: CPU0's rows at 2, its header at 7; later columns' rows line up with their headers
            int indent = r.col() == 0 ? 2 : 7 + COLUMN * r.col();
            String cell = r.cell();
            b.append(" ".repeat(indent)).append(cell).append("  #").append(r.step()).append('\n');
        }
    }

    private static String stall(Violation.Deadlock d, String context) {
        String title = "WARNING: no task can make progress (stalled)";
        StringBuilder b = new StringBuilder();
        b.append("=".repeat(title.length())).append('\n').append(title).append('\n');
        b.append(context).append('\n');
        b.append("-".repeat(title.length())).append('\n');
        b.append("Nothing is left to deliver while ").append(d.blocked().size()).append(" task")
            .append(d.blocked().size() == 1 ? " is" : "s are").append(" unfinished at step ").append(d.step()).append(".\n");
        for (Waiting w : d.blocked()) {
            b.append('\n');
            if (w.holders().isEmpty() && w.cls().equals(w.resource()) && !w.resource().equals("(nothing)")) {
                b.append(pid(w)).append(" sleeps since step ").append(w.step()).append(" on ").append(w.resource()).append(", at: ").append(w.where()).append('\n');
                b.append("  and no task that could wake it is left: a lost wakeup\n");
                b.append("  ").append(w.why()).append('\n');
            } else if (w.resource().equals("(nothing)")) {
                b.append(pid(w)).append(" is not blocked, but no message for it is pending\n");
            } else {
                b.append(pid(w)).append(" is blocked since step ").append(w.step()).append(" on:\n");
                b.append(lock(w.resource(), w.kernelCls(), w.mode(), w.where()));
                b.append("  it found: ").append(w.why()).append('\n');
                for (Holding h : w.holders()) {
                    b.append("  held by ").append(h.task()).append('/').append(h.pid()).append('{').append(h.mode()).append("} since step ")
                        .append(h.step()).append(", at: ").append(h.where()).append('\n');
                }
            }
            heldLocks(b, w);
            if (!w.stack().isEmpty()) b.append("\nstack backtrace:\n").append(LockOrderReport.reindent(w.stack(), " "));
        }
        return b.toString();
    }

    /** lockdep_print_held_locks(), with the step each lock was taken at. */
    private static void heldLocks(StringBuilder b, Waiting w) {
        List<String> lines = new ArrayList<>();
        for (Holding h : w.held()) lines.add(lock(h.resource(), h.kernelCls(), h.mode(), h.where()).stripTrailing() + " (step " + h.step() + ")");
        LockOrderReport.heldLocks(b, pid(w), lines);
    }

    private static Holding holdingOf(Waiting w, String resource) {
        for (Holding h : w.held()) if (h.resource().equals(resource)) return h;
        return null;
    }

    /** print_lock(): the instance, " (class){mode}, at: site". */
    private static String lock(String resource, String kernelCls, String mode, String where) {
        return resource + " (" + kernelCls + ")" + (mode.isEmpty() ? "" : "{" + mode + "}") + ", at: " + where + "\n";
    }

    /** lockdep's TASK/PID; the PID is the task's number in the run. */
    private static String pid(Waiting w) { return w.task() + "/" + w.pid(); }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
