package dev.pagerace.oracle;

import java.util.List;

/**
 * What a run can report against the kernel protocol (SPEC §4). A sealed type:
 * kinds are compared by type, never by string. Fields are plain text and
 * numbers so a violation can travel between nodes and into result files.
 */
public sealed interface Violation {
    /** The kind as written in {@code expect} lines: {@code deadlock}, {@code assert}, ... */
    String kind();

    /** One line for tables and progress output. */
    String headline();

    /**
     * Whether the run stops here. Deadlocks, starvation and failed asserts end
     * a run; data violations are recorded and the run goes on, so one run can
     * show stale data and then the read that exposes it.
     */
    default boolean fatal() { return this instanceof Deadlock || this instanceof Starvation || this instanceof AssertFailure; }

    /** A lock (or page lock) a task holds, and where it took it. */
    record Holding(String task, String resource, String cls, String mode, String where, String stack) {}

    /** A blocked task: what it waits for, where, why, and what it holds meanwhile. */
    record Waiting(String task, String resource, String cls, String mode, String where, String stack, String why,
                   List<Holding> holders, List<Holding> held) {}

    /**
     * A wait-for cycle ({@code cycle} non-empty, in order: each task waits for
     * the next; one task waiting for itself is the self-deadlock), or a stall:
     * nothing is deliverable while tasks are unfinished ({@code cycle} empty,
     * every blocked task in {@code blocked}).
     */
    record Deadlock(long step, List<Waiting> cycle, List<Waiting> blocked) implements Violation {
        public String kind() { return "deadlock"; }

        public boolean stall() { return cycle.isEmpty(); }

        public String headline() {
            if (stall()) {
                return "deadlock: nothing can run; " + String.join(", ", blocked.stream().map(w -> w.task() + " on " + w.resource()).toList());
            }
            if (cycle.size() == 1) {
                Waiting w = cycle.get(0);
                return "deadlock: " + w.task() + " waits for " + w.resource() + " (" + w.mode() + ") which it holds itself";
            }
            return "deadlock: cycle " + String.join(" -> ", cycle.stream().map(w -> w.task() + " [" + w.resource() + "]").toList());
        }
    }

    /**
     * An op pending longer than starvation_bound deliveries while the run is
     * not deadlocked (Trinity's never-completing punch). {@code undone}: how
     * often other tasks refilled slots this op had already emptied.
     * {@code strategy}: the (fair) strategy it was judged under.
     */
    record Starvation(String task, String op, String where, long began, long pendingFor, long bound, String doing, int undone,
                      String strategy) implements Violation {
        public String kind() { return "starvation"; }

        public String headline() {
            return "starvation under " + strategy + ": op " + op + " of " + task + " pending for " + pendingFor + " deliveries (bound " + bound + "), "
                + undone + " of its removals undone; " + doing;
        }
    }

    /**
     * A page in the cache holds a block's old contents after the block was
     * freed (and possibly reused), or is written back through a block mapping
     * that changed: the ext4 hole-punch race (Amir Goldstein, Jan Kara 2021).
     */
    record StaleData(String page, String data, String detail, String task, String where) implements Violation {
        public String kind() { return "stale_data"; }

        public String headline() { return "stale_data: " + page + " holds " + data + ": " + detail; }
    }

    /** A user read returned data of a freed block, or of another inode. */
    record DataExposure(String task, String page, String data, String detail, String where, String stack) implements Violation {
        public String kind() { return "data_exposure"; }

        public String headline() { return "data_exposure: " + task + " read " + data + " from " + page + " at " + where + ": " + detail; }
    }

    /** A PTE maps a page whose mapping is gone (Kirill Shutemov, 2020). */
    record OrphanMapping(String task, String page, String detail, String where, String stack) implements Violation {
        public String kind() { return "orphan_mapping"; }

        public String headline() { return "orphan_mapping: " + page + " " + detail + " (" + task + " at " + where + ")"; }
    }

    /**
     * Data present in a punched range when the punch began is still there when
     * it ended (Hugh Dickins: "all data in the hole at the starting of the
     * punch operation must be removed by the ending").
     */
    record PunchResidue(String task, String op, String range, List<String> residue, String where) implements Violation {
        public String kind() { return "punch_residue"; }

        public String headline() { return "punch_residue: after op " + op + " of " + task + " on " + range + ", still present: " + String.join(", ", residue); }
    }

    /** A task may sleep while holding a spinlock. */
    record SleepInAtomic(String task, String what, String spinlock, String heldAt, String where, String stack) implements Violation {
        public String kind() { return "sleep_in_atomic"; }

        public String headline() { return "sleep_in_atomic: " + task + " may sleep (" + what + ") at " + where + " holding spinlock " + spinlock; }
    }

    /**
     * A cycle in the lock-class order graph collected across runs: a possible
     * deadlock even if no run deadlocked. {@code chain} in dependency order:
     * each edge's target class is the next edge's source.
     */
    record LockOrder(List<LockEdge> chain) implements Violation {
        public String kind() { return "lock_order"; }

        /** Whether lockdep could not report it: a lock on the cycle is a page lock or declared untracked. */
        public boolean hiddenFromLockdep() { return chain.stream().anyMatch(LockEdge::hidden); }

        /** {@code invalidate_lock{write} -> fs_reclaim{write}; fs_reclaim{write} -> invalidate_lock{read}}. */
        public String headline() {
            StringBuilder b = new StringBuilder("lock_order: ");
            for (int i = 0; i < chain.size(); i++) {
                LockEdge e = chain.get(i);
                if (i > 0) b.append("; ");
                b.append(e.from()).append('{').append(e.fromMode()).append("} -> ").append(e.to()).append('{').append(e.toMode()).append('}');
            }
            if (hiddenFromLockdep()) b.append(" (not visible to lockdep)");
            return b.toString();
        }
    }

    /** A task ended holding locks (lockdep: "lock held when returning to user space!"). */
    record LockLeak(String task, List<Holding> held) implements Violation {
        public String kind() { return "lock_leak"; }

        public String headline() {
            return "lock_leak: " + task + " ended holding " + String.join(", ",
                held.stream().map(h -> h.resource() + " (" + h.mode() + ", taken at " + h.where() + ")").toList());
        }
    }

    /** A scenario {@code assert} failed. */
    record AssertFailure(String task, String message, String where, String stack) implements Violation {
        public String kind() { return "assert"; }

        public String headline() { return "assert failed in " + task + " at " + where + ": " + message; }
    }
}
