package dev.pagerace.report;

import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.Violation;
import java.util.List;

/**
 * A lock-order cycle as lockdep prints it (kernel/locking/lockdep.c), section
 * for section, so a kernel developer's eye and scripts find everything where
 * lockdep puts it.
 *
 * <p>A cycle of two or more classes is print_circular_bug(): the banner, the
 * acquisition that closes the cycle ("TASK/PID is trying to acquire lock:"
 * the new lock, "but task is already holding lock:" the held one), "the
 * existing dependency chain (in reverse order)" numbered as lockdep numbers
 * it: {@code #0} is the lock being acquired with the current stack, the
 * highest number the held lock with the stack of the dependency that leads
 * to it; then print_circular_lock_scenario() ("Chain exists of:" when the
 * chain is longer than two, and the CPU0/CPU1 table with CPU0 the current
 * task, in lockdep's fixed order), lockdep_print_held_locks() and the stack
 * backtrace.
 *
 * <p>A class that depends on itself is print_deadlock_bug(): "possible
 * recursive locking detected", print_deadlock_scenario() and its hint "May
 * be due to missing lock nesting notation" (two inodes' locks of one class
 * nested without a {@code _nested} annotation).
 *
 * <p>Lock names are the instance the example took and, in parentheses, the
 * class as lockdep names it ({@link dev.pagerace.program.KernelClass}); where
 * lockdep prints {@code {+.+.}} usage bits, pagerace prints the mode. The
 * task's "PID" is its number in the run that recorded the example.
 */
public final class LockOrderReport {
    /** print_circular_bug_header()'s rules: as long as the banner line. */
    private static final String CIRCULAR = "WARNING: possible circular locking dependency detected";
    private static final String RECURSIVE = "WARNING: possible recursive locking detected";

    private LockOrderReport() {}

    public static String render(Violation.LockOrder c, String context) {
        List<LockEdge> chain = c.chain();
        int n = chain.size();
        // the closing dependency: its task holds `from` (lockdep's check_tgt) and asks for `to` (check_src)
        LockEdge closing = chain.get(n - 1);
        String title = n == 1 ? RECURSIVE : CIRCULAR;
        StringBuilder b = new StringBuilder();
        b.append('\n').append("=".repeat(title.length())).append('\n').append(title).append('\n');
        b.append(context).append('\n');
        if (c.hiddenFromLockdep()) {
            b.append("(not visible to lockdep: this cycle goes through a page lock or a lock declared untracked,\n"
                + " which lockdep does not track; pagerace does)\n");
        }
        b.append("-".repeat(title.length())).append('\n');
        String task = closing.task() + "/" + (closing.pid() < 0 ? "?" : Integer.toString(closing.pid()));
        b.append(task).append(" is trying to acquire lock:\n");
        b.append(lock(closing.toLock(), closing.toKernel(), closing.toMode(), closing.takenWhere()));
        b.append("\nbut task is already holding lock:\n");
        b.append(lock(closing.fromLock(), closing.fromKernel(), closing.fromMode(), closing.heldWhere()));
        if (n == 1) {
            // print_deadlock_bug(): no chain, the scenario straight after the header
            b.append("\nother info that might help us debug this:\n");
            b.append(" Possible unsafe locking scenario:\n\n");
            b.append("       CPU0\n");
            b.append("       ----\n");
            b.append("  ").append(take(closing.fromMode(), closing.fromKernel())).append('\n');
            b.append("  ").append(take(closing.toMode(), closing.toKernel())).append('\n');
            b.append("\n *** DEADLOCK ***\n\n");
            b.append(" May be due to missing lock nesting notation\n\n");
        } else {
            b.append("\nwhich lock already depends on the new lock.\n\n");
            b.append("\nthe existing dependency chain (in reverse order) is:\n");
            // chain[0..n-2] is the existing path from the new lock to the held one: entry #(i+1) is the class
            // chain[i] leads to, with the stack that recorded that dependency; #0 the new lock, current stack
            for (int i = n - 2; i >= 0; i--) entry(b, i + 1, chain.get(i).toKernel(), chain.get(i).toMode(), chain.get(i));
            entry(b, 0, closing.toKernel(), closing.toMode(), closing);
            b.append("\nother info that might help us debug this:\n\n");
            String source = closing.toKernel(), target = closing.fromKernel();
            // first_parent: the class the held lock was taken under on the existing path
            String parent = chain.get(n - 2).fromKernel();
            if (n > 2) b.append("Chain exists of:\n  ").append(source).append(" --> ").append(parent).append(" --> ").append(target).append("\n\n");
            b.append(" Possible unsafe locking scenario:\n\n");
            b.append("       CPU0                    CPU1\n");
            b.append("       ----                    ----\n");
            b.append("  ").append(take(closing.fromMode(), target)).append('\n');
            b.append(" ".repeat(31)).append("lock(").append(parent).append(");\n");
            b.append(" ".repeat(31)).append("lock(").append(target).append(");\n");
            b.append("  ").append(take(closing.toMode(), source)).append('\n');
            b.append("\n *** DEADLOCK ***\n\n");
        }
        heldLocks(b, task, closing.held());
        b.append("\nstack backtrace:\n");
        b.append(reindent(closing.takenStack(), " "));
        return b.toString();
    }

    /** print_lock(): the instance, then " (class){mode}, at: site". */
    private static String lock(String instance, String kernel, String mode, String where) {
        return instance + " (" + kernel + "){" + mode + "}, at: " + where + "\n";
    }

    /** print_circular_lock_scenario() prints rlock() for a read acquisition. */
    static String take(String mode, String kernel) {
        return (mode.equals("write") ? "lock(" : "rlock(") + kernel + ");";
    }

    /** print_circular_bug_entry(): "-> #N (class){mode}:" and the stack, seven spaces in, as lockdep's stack lines. */
    private static void entry(StringBuilder b, int k, String kernel, String mode, LockEdge e) {
        b.append("\n-> #").append(k).append(" (").append(kernel).append("){").append(mode).append("}:\n");
        b.append(reindent(e.takenStack(), "       "));
        b.append("       [").append(e.task()).append(e.seed() < 0 ? "" : ", seed " + e.seed()).append(", holding ")
            .append(e.fromKernel()).append('{').append(e.fromMode()).append("} since ").append(e.heldWhere()).append("]\n");
    }

    /** lockdep_print_held_locks(). */
    static void heldLocks(StringBuilder b, String task, List<String> held) {
        int n = held.size();
        if (n == 0) {
            b.append("no locks held by ").append(task).append(".\n");
            return;
        }
        b.append(n).append(n > 1 ? " locks" : " lock").append(" held by ").append(task).append(":\n");
        for (int i = 0; i < n; i++) b.append(" #").append(i).append(": ").append(held.get(i)).append('\n');
    }

    static String reindent(String text, String by) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) if (!line.isBlank()) b.append(by).append(line.strip()).append('\n');
        return b.toString();
    }
}
