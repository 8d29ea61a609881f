package dev.pagerace.model;

import dev.pagerace.lang.Pos;
import dev.pagerace.program.DataId;

/**
 * What an object reports to its run besides messages: the facts the oracles
 * and the reports work from. Events never influence the run itself.
 */
public sealed interface Event {
    /**
     * {@code task} now holds {@code resource} (a lock, a page lock, or the
     * {@code fs_reclaim} pseudo-lock). {@code cls} is its lockdep class, with
     * the subclass appended ({@code invalidate_lock/1}) when it is not 0.
     * {@code order} is the page index for page locks (-1 otherwise) and
     * {@code inode} its inode, so ascending page-lock nesting within one
     * inode is allowed. {@code recursive}: a read acquisition lockdep treats
     * as recursive (read_lock() in interrupt context on a qrwlock).
     * {@code hidden}: a lock lockdep cannot see (page locks, locks declared
     * {@code untracked}).
     */
    record Acquired(int task, String resource, String cls, Mode mode, Site site, int inode, int order,
                    boolean recursive, boolean hidden) implements Event {
        public Acquired(int task, String resource, String cls, Mode mode, Site site) {
            this(task, resource, cls, mode, site, -1, -1, false, false);
        }
    }

    record Released(int task, String resource, Mode mode) implements Event {}

    /**
     * {@code task} asks for a lock that may block (not a trylock). Lock-order
     * dependencies are recorded here, before the outcome is known, as
     * lockdep's lock_acquire() does: a request that deadlocks still counts.
     * The other fields as in {@link Acquired}.
     */
    record Attempt(int task, String resource, String cls, Mode mode, Site site, int inode, int order,
                   boolean recursive, boolean hidden) implements Event {}

    /**
     * {@code task} is blocked on {@code resource}, waiting for the tasks in
     * {@code waitsFor} (holders and conflicting waiters ahead of it; empty for
     * a wait queue, whose waker is not known in advance).
     */
    record Blocked(int task, String resource, Mode mode, Site site, String why, int[] waitsFor) implements Event {}

    /** The tasks a blocked task waits for changed (a holder left, a waiter ahead was granted). */
    record WaitEdges(int task, int[] waitsFor, String why) implements Event {}

    /**
     * {@code task} ran {@code wake_all} on {@code queue} and woke {@code woken}
     * sleepers: a stall report points at the wake that found nobody waiting
     * (the lost wakeup's other half).
     */
    record Wake(int task, String queue, int woken, Site site) implements Event {}

    /** A blocked task was granted or woken: a message to it is now pending. */
    record Unblocked(int task) implements Event {}

    /** An {@code op} began; {@code inode} >= 0 with from..to marks a punch range (punch_residue). */
    record OpBegin(int task, String op, int inode, long from, long to, Site site) implements Event {}

    record OpEnd(int task, String op) implements Event {}

    record TaskDone(int task) implements Event {}

    record AssertFailed(int task, String message, Site site) implements Event {}

    /**
     * The task is about to do something that may sleep (for sleep_in_atomic):
     * {@code verb} on {@code object} (a name, a page reference, or null),
     * joined into one text only when a report needs it.
     * {@code releasing} names a lock dropped before the sleep ({@code wait Q
     * releasing L}: prepare_to_wait; spin_unlock; schedule), else null.
     */
    record MightSleep(int task, String verb, Object object, Site site, String releasing) implements Event {
        public MightSleep(int task, String verb, Object object, Site site) { this(task, verb, object, site, null); }

        /** What may sleep ({@code lock_page page#3@shm[1]}), built only for a report: the event is on the hot path. */
        public String what() { return object == null ? verb : verb + " " + object; }
    }

    /** The task entered ({@code on}) or left interrupt context ({@code in_irq}), where nothing may sleep. */
    record InterruptContext(int task, boolean on, Site site) implements Event {}

    /**
     * A slot's content after a change: {@code kind} 0 empty, 1 page, 2 swap entry;
     * {@code byTask} made the change, {@code added} when a new page entered the cache.
     */
    record SlotState(int slot, int inode, int index, int kind, long id, DataId data, int byTask, boolean added) implements Event {}

    /** A PTE was installed for a page; {@code inCache} false means an orphan mapping. */
    record Mapped(int task, int slot, long page, boolean inCache, Site site) implements Event {}

    /** A page left the cache by delete; PTEs still mapping it ({@code ptes}) are orphans. */
    record Deleted(int task, int slot, long page, int ptes, Site site) implements Event {}

    /**
     * A lookup handed {@code task} a reference to {@code page}, holding
     * {@code data} (find, add, swap_in, pick_page): where a read's interval
     * begins when it is not inside an {@code op} (the data oracles judge
     * reads linearizably).
     */
    record Lookup(int task, int slot, long page, DataId data) implements Event {}

    /** A user read returned {@code data}. */
    record ReadData(int task, int slot, long page, DataId data, Site site) implements Event {}

    /**
     * Writeback wrote the page at (inode, index). {@code data} is the block it
     * was written to, the page's buffer mapping ({@code block(b,gen)}), or
     * the page's data identity when no block is mapped.
     */
    record Writeback(int task, int inode, int index, long page, DataId data, Site site) implements Event {}

    /**
     * {@code get_block} read the block map of (inode, index): {@code block}
     * (-1: a hole) at generation {@code gen}. Only reports use it: the first
     * step of a stale page's story (readahead maps the blocks, then fills).
     */
    record BlockLookup(int task, int inode, int index, long block, long gen, Site site) implements Event {}

    /** The block map of (inode, index) now points at block (-1: a hole) with its generation. */
    record BlockMap(int inode, int index, long block, long gen) implements Event {}

    /** A block went back to the pool; its generation is now {@code gen}. */
    record BlockFreed(long block, long gen) implements Event {}

    /** The scenario itself is wrong (see {@link dev.pagerace.program.ModelError}). */
    record ModelFault(int task, String message, Pos pos) implements Event {}
}
