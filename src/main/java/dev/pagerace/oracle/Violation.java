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
     * What identifies the bug, not the run: the kind plus lock classes and
     * code sites (file:line in function), never task instance numbers, page
     * ids, steps or schedules. Two runs that hit the same bug by different
     * schedules get the same signature, so campaigns and {@code check} group
     * findings by it.
     */
    String signature();

    /** A short stable name for a signature (8 hex digits of its SHA-256), for tables and file names. */
    static String signatureId(String signature) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(signature.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return String.format("%02x%02x%02x%02x", h[0], h[1], h[2], h[3]);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * A lock class from a resource name, as lockdep's lock_class_key: the name
     * without its inode ({@code shm.i_lock} -> {@code i_lock}); a page lock
     * ({@code page#5@shm[1]}) is {@code page_lock}.
     */
    private static String classOf(String resource) {
        if (resource.startsWith("page#")) return "page_lock";
        int dot = resource.lastIndexOf('.');
        return dot < 0 ? resource : resource.substring(dot + 1);
    }

    /**
     * A code site without the task instance: a site in a task body reads
     * {@code in task faulter-2}, and {@code task faulter * N} runs the same
     * code as {@code faulter-0} ... {@code faulter-(N-1)}.
     */
    private static String site(String where) {
        return TASK_INSTANCE.matcher(where).replaceAll("$1");
    }

    /** The instance number of a task-body site ({@code in task faulter-2}), which signatures leave out. */
    java.util.regex.Pattern TASK_INSTANCE = java.util.regex.Pattern.compile("(in task \\S+?)-\\d+\\b");

    /** The rotation of a cycle that starts at its least element: the same cycle found from another task reads the same. */
    private static List<String> canonicalRotation(List<String> cycle) {
        List<String> best = cycle;
        for (int r = 1; r < cycle.size(); r++) {
            List<String> rot = new java.util.ArrayList<>(cycle.subList(r, cycle.size()));
            rot.addAll(cycle.subList(0, r));
            if (compare(rot, best) < 0) best = rot;
        }
        return best;
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * Whether the run stops here. Deadlocks, starvation and failed asserts end
     * a run; data violations are recorded and the run goes on, so one run can
     * show stale data and then the read that exposes it.
     */
    default boolean fatal() { return this instanceof Deadlock || this instanceof Starvation || this instanceof AssertFailure; }

    /**
     * A lock (or page lock) a task holds, and where it took it; {@code step}
     * the delivery that granted it (-1 unknown), {@code kernelCls} its class as
     * lockdep names it, {@code pid} the task's number in the run.
     */
    record Holding(String task, String resource, String cls, String mode, String where, String stack, long step, String kernelCls, int pid) {
        public Holding(String task, String resource, String cls, String mode, String where, String stack) {
            this(task, resource, cls, mode, where, stack, -1, cls, -1);
        }
    }

    /**
     * A blocked task: what it waits for, where, why, and what it holds
     * meanwhile; {@code step} the delivery at which it blocked (-1 unknown),
     * {@code kernelCls} and {@code pid} as in {@link Holding}.
     */
    record Waiting(String task, String resource, String cls, String mode, String where, String stack, String why,
                   List<Holding> holders, List<Holding> held, long step, String kernelCls, int pid) {
        public Waiting(String task, String resource, String cls, String mode, String where, String stack, String why,
                       List<Holding> holders, List<Holding> held) {
            this(task, resource, cls, mode, where, stack, why, holders, held, -1, cls, -1);
        }
    }

    /**
     * A wait-for cycle ({@code cycle} non-empty, in order: each task waits for
     * the next; one task waiting for itself is the self-deadlock), or a stall:
     * nothing is deliverable while tasks are unfinished ({@code cycle} empty,
     * every blocked task in {@code blocked}).
     */
    record Deadlock(long step, List<Waiting> cycle, List<Waiting> blocked) implements Violation {
        public String kind() { return "deadlock"; }

        public boolean stall() { return cycle.isEmpty(); }

        /**
         * A cycle: per waiter, the class and site it blocks at and the site
         * where the next task on the cycle took what it waits for, rotated to
         * a canonical start. A stall: the distinct places tasks are stuck at,
         * sorted, so how many instances of a task group got stuck there does
         * not matter.
         */
        public String signature() {
            if (stall()) {
                java.util.TreeSet<String> at = new java.util.TreeSet<>();
                for (Waiting w : blocked) at.add(w.where().isEmpty() ? "(not blocked)" : waitSite(w));
                return "deadlock stall: " + String.join(" | ", at);
            }
            List<String> entries = new java.util.ArrayList<>();
            for (int i = 0; i < cycle.size(); i++) {
                Waiting w = cycle.get(i);
                String next = cycle.get((i + 1) % cycle.size()).task();
                // no holder on the cycle: the waiter queues behind the next task's request (rwsem_down_read_slowpath(): readers wait behind a queued writer)
                String heldAt = " behind a queued waiter";
                for (Holding h : w.holders()) {
                    if (h.task().equals(next)) {
                        heldAt = " held{" + h.mode() + "} at " + site(h.where());
                        break;
                    }
                }
                entries.add(waitSite(w) + heldAt);
            }
            return "deadlock: " + String.join(" -> ", canonicalRotation(entries));
        }

        private static String waitSite(Waiting w) {
            // wait queues are named per inode (shm.falloc_wq): their class, like a lock's, leaves the inode out
            String cls = classOf(w.cls().isEmpty() ? w.resource() : w.cls());
            return cls + (w.mode().isEmpty() ? "" : "{" + w.mode() + "}") + " at " + site(w.where());
        }

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
     * {@code timeline}: the op's steps (its start, its removals and who undid
     * them, its waits), and {@code keepers}: who holds the lock it waits for.
     */
    record Starvation(String task, String op, String where, long began, long pendingFor, long bound, String doing, int undone,
                      String strategy, List<String> timeline, List<String> keepers) implements Violation {
        public Starvation(String task, String op, String where, long began, long pendingFor, long bound, String doing, int undone, String strategy) {
            this(task, op, where, began, pendingFor, bound, doing, undone, strategy, List.of(), List.of());
        }

        public String kind() { return "starvation"; }

        /** The op and where it began: how long it starved and what undid it vary with the schedule. */
        public String signature() { return "starvation: op " + op + " at " + site(where); }

        public String headline() {
            return "starvation under " + strategy + ": op " + op + " of " + task + " pending for " + pendingFor + " deliveries (bound " + bound + "), "
                + undone + " of its removals undone; " + doing;
        }
    }

    /**
     * A page in the cache holds a block's old contents after the block was
     * freed (and possibly reused), or is written back through a block mapping
     * that changed: the ext4 hole-punch race (Amir Goldstein, Jan Kara 2021).
     * {@code story}: the block's causal steps, one line each (its map read,
     * the page added from it, its free, the write-back or read), with step
     * numbers and sites, so the report explains itself without a trace.
     */
    record StaleData(String page, String data, String detail, String task, String where, List<String> story) implements Violation {
        public StaleData(String page, String data, String detail, String task, String where) {
            this(page, data, detail, task, where, List.of());
        }

        public String kind() { return "stale_data"; }

        /**
         * The site that wrote the stale page back; with no site, which rule of
         * the data oracle fired (a block freed while a page of it was cached,
         * or a page read in from a block already freed), told apart by the
         * detail's wording since page ids and block numbers are left out.
         */
        public String signature() {
            if (!where.isEmpty()) return "stale_data at " + site(where);
            if (detail.contains("was freed with this page still in the cache")) return "stale_data (block freed while cached)";
            if (detail.startsWith("added to the cache")) return "stale_data (read in from a freed block)";
            return "stale_data (in cache)";
        }

        public String headline() { return "stale_data: " + page + " holds " + data + ": " + detail; }
    }

    /**
     * A user read returned data of a freed block, or of another inode.
     * {@code story} (as in {@link StaleData}): the block's steps up to the read.
     */
    record DataExposure(String task, String page, String data, String detail, String where, String stack, List<String> story) implements Violation {
        public DataExposure(String task, String page, String data, String detail, String where, String stack) {
            this(task, page, data, detail, where, stack, List.of());
        }

        public String kind() { return "data_exposure"; }

        public String signature() { return "data_exposure at " + site(where); }

        public String headline() { return "data_exposure: " + task + " read " + data + " from " + page + " at " + where + ": " + detail; }
    }

    /** A PTE maps a page whose mapping is gone (Kirill Shutemov, 2020). */
    record OrphanMapping(String task, String page, String detail, String where, String stack, List<String> story) implements Violation {
        public OrphanMapping(String task, String page, String detail, String where, String stack) {
            this(task, page, detail, where, stack, List.of());
        }

        public String kind() { return "orphan_mapping"; }

        /** The site, and whether the page was mapped after it left or left while mapped (the detail's first words). */
        public String signature() {
            return "orphan_mapping at " + site(where) + (detail.startsWith("was mapped") ? " (mapped after removal)" : " (removed while mapped)");
        }

        public String headline() { return "orphan_mapping: " + page + " " + detail + " (" + task + " at " + where + ")"; }
    }

    /**
     * Data present in a punched range when the punch began is still there when
     * it ended (Hugh Dickins: "all data in the hole at the starting of the
     * punch operation must be removed by the ending").
     */
    record PunchResidue(String task, String op, String range, List<String> residue, String where, List<String> story) implements Violation {
        public PunchResidue(String task, String op, String range, List<String> residue, String where) {
            this(task, op, range, residue, where, List.of());
        }

        public String kind() { return "punch_residue"; }

        /** The op and its site: which pages survived depends on the schedule. */
        public String signature() { return "punch_residue: op " + op + " at " + site(where); }

        public String headline() { return "punch_residue: after op " + op + " of " + task + " on " + range + ", still present: " + String.join(", ", residue); }
    }

    /** A task may sleep while holding a spinlock. */
    record SleepInAtomic(String task, String what, String spinlock, String heldAt, String where, String stack) implements Violation {
        public String kind() { return "sleep_in_atomic"; }

        public String signature() {
            return "sleep_in_atomic: " + what.replaceAll("page#\\d+@", "page@") + " at " + site(where) + " holding " + classOf(spinlock)
                + " taken at " + site(heldAt);
        }

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

        /**
         * Each dependency with its classes, modes and both sites, rotated to a
         * canonical start (the graph may find a cycle from any of its classes).
         */
        public String signature() {
            List<String> entries = new java.util.ArrayList<>();
            for (LockEdge e : chain) {
                entries.add(e.from() + "{" + e.fromMode() + "} at " + site(e.heldWhere()) + " => " + e.to() + "{" + e.toMode() + "} at " + site(e.takenWhere()));
            }
            return "lock_order: " + String.join(" -> ", canonicalRotation(entries));
        }

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

        /** The classes leaked and where each was taken, in a stable order. */
        public String signature() {
            return "lock_leak: " + String.join(", ", held.stream().map(h -> h.cls() + "{" + h.mode() + "} taken at " + site(h.where())).sorted().toList());
        }

        public String headline() {
            return "lock_leak: " + task + " ended holding " + String.join(", ",
                held.stream().map(h -> h.resource() + " (" + h.mode() + ", taken at " + h.where() + ")").toList());
        }
    }

    /** A scenario {@code assert} failed. */
    record AssertFailure(String task, String message, String where, String stack) implements Violation {
        public String kind() { return "assert"; }

        public String signature() { return "assert at " + site(where); }

        public String headline() { return "assert failed in " + task + " at " + where + ": " + message; }
    }
}
