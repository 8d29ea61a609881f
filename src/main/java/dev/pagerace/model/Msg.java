package dev.pagerace.model;

import dev.pagerace.program.Value;

/**
 * The messages of a run. Every one goes through the scheduler's pending set;
 * its {@link Envelope} names the task on whose behalf it travels, and every
 * reply goes to that task.
 */
public sealed interface Msg {
    /** The operation name shown in the trace. */
    String label();

    /** Starts a task. */
    enum Start implements Msg {
        INSTANCE;
        public String label() { return "start"; }
    }

    /** The answer to a task's request; {@code from} is the answering object's address. */
    record Reply(int from, Value value) implements Msg {
        public String label() { return "resume"; }
    }

    /** A wake-up from a wait queue. */
    record Woken(int queue) implements Msg {
        public String label() { return "woken"; }
    }

    enum LockOp {
        DOWN_READ("down_read"), DOWN_WRITE("down_write"), UP_READ("up_read"), UP_WRITE("up_write"),
        LOCK("lock"), UNLOCK("unlock"), TRYLOCK("trylock"),
        DOWN_READ_TRYLOCK("down_read_trylock"), DOWN_WRITE_TRYLOCK("down_write_trylock"),
        /** Release whatever hold the task has ({@code wait Q releasing L}). */
        RELEASE_HELD("release");

        public final String label;
        LockOp(String label) { this.label = label; }

        public Mode mode() {
            return switch (this) {
                case DOWN_READ, UP_READ, DOWN_READ_TRYLOCK -> Mode.READ;
                default -> Mode.WRITE;
            };
        }

        public boolean release() { return this == UP_READ || this == UP_WRITE || this == UNLOCK || this == RELEASE_HELD; }

        public boolean trylock() { return this == TRYLOCK || this == DOWN_READ_TRYLOCK || this == DOWN_WRITE_TRYLOCK; }

        /** Whether the op belongs to rw locks (down_/up_) rather than exclusive ones (lock/unlock). */
        public boolean rw() { return this != LOCK && this != UNLOCK && this != TRYLOCK; }

        /** Whether the op is allowed on a lock of the given family (RELEASE_HELD fits both). */
        public boolean fits(boolean shared) { return this == RELEASE_HELD || rw() == shared; }
    }

    /**
     * A lock request. {@code subclass}: lockdep's subclass, from the
     * {@code *_nested} forms and lock_two's second lock (0 otherwise).
     * {@code interrupt}: the task is in interrupt context ({@code in_irq}),
     * where a qrwlock reader barges and lockdep counts read_lock() as a
     * recursive read (read_lock_is_recursive()).
     */
    record LockReq(LockOp op, Site site, int subclass, boolean interrupt) implements Msg {
        public LockReq(LockOp op, Site site) { this(op, site, 0, false); }

        public String label() { return op.label; }
    }

    enum SlotOp {
        FIND("find"), ADD("add"), LOCK_PAGE("lock_page"), TRYLOCK_PAGE("trylock_page"), UNLOCK_PAGE("unlock_page"),
        DELETE("delete"), MAP("map"), UNMAP("unmap"), SET_UPTODATE("set_uptodate"), SET_DIRTY("set_dirty"),
        WRITE("write"), READ("read"), WRITEBACK("writeback"), SWAP_OUT("swap_out"), SWAP_IN("swap_in"),
        FREE_SWAP("free_swap"), READ_ATTR("read"), PICK("pick_page"),
        MAPCOUNT_INC("mapcount_inc"), MAPCOUNT_DEC("mapcount_dec"), SET_PTE("set_pte"),
        READ_BLOCK("read_block");

        public final String label;
        SlotOp(String label) { this.label = label; }
    }

    /**
     * A page-cache operation on one slot. {@code id} names the page or swap
     * entry; {@code arg} is the attribute read, add's {@code uptodate} flag or
     * pick_page's filter; {@code value} is add's block; {@code route} and
     * {@code hop} drive pick_page's scan from slot to slot.
     */
    record SlotReq(SlotOp op, long id, String arg, Value value, int[] route, int hop, Site site) implements Msg {
        public String label() { return op == SlotOp.READ_ATTR ? "read ." + arg : op.label; }
    }

    enum InodeOp {
        READ_FIELD("read"), WRITE_FIELD("write"), GET_BLOCK("get_block"), FREE_BLOCKS("free_blocks"),
        ALLOC_BLOCKS("alloc_blocks"), BLOCKS_ALLOCATED("blocks_allocated");

        public final String label;
        InodeOp(String label) { this.label = label; }
    }

    /** An operation on an inode: fields, i_size and the block map. */
    record InodeReq(InodeOp op, String field, Value value, long from, long to, long[] blocks, Site site) implements Msg {
        public String label() {
            return switch (op) {
                case READ_FIELD -> "read ." + field;
                case WRITE_FIELD -> "set ." + field;
                default -> op.label;
            };
        }
    }

    /** Frees blocks (generation bumped) or allocates {@code count} blocks for {@code inode}'s pages from..to. */
    record PoolReq(boolean free, long[] blocks, int inode, long from, long to) implements Msg {
        public String label() { return free ? "free" : "alloc"; }
    }

    enum LruOp {
        ADD("lru_add"), REMOVE("lru_del"), ISOLATE("lru_isolate"), PUTBACK("lru_putback");

        public final String label;
        LruOp(String label) { this.label = label; }
    }

    /**
     * An operation on the run's LRU list. ADD and REMOVE come from the slot
     * a page entered or left (folio_add_lru(), the last put's
     * lruvec_del_folio()), on the way back to the task: the LRU answers the
     * task with {@code answer}, the slot operation's own result. ISOLATE and
     * PUTBACK come from a task (reclaim). {@code page} is null for ISOLATE.
     */
    record LruReq(LruOp op, Value.PageRef page, Value answer, Site site) implements Msg {
        public String label() { return op.label; }
    }

    /** {@code wait Q [releasing L]} or {@code wake_all Q}. */
    record WaitqReq(boolean wake, int releaseLock, LockOp releaseOp, Site site) implements Msg {
        public String label() { return wake ? "wake_all" : releaseLock >= 0 ? "wait+release" : "wait"; }
    }
}
