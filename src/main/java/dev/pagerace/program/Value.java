package dev.pagerace.program;

/**
 * A run-time value of the scenario language. Values are immutable; handles
 * name objects of the run by their address, never by a Java reference, so a
 * value means the same thing in every actor of a run.
 */
public sealed interface Value {

    /** Integers; booleans are 0 and 1, as in C. */
    record Int(long v) implements Value {
        private static final Int[] SMALL = new Int[257];
        static {
            for (int i = 0; i < SMALL.length; i++) SMALL[i] = new Int(i - 128);
        }
        public static Int of(long v) {
            return v >= -128 && v <= 128 ? SMALL[(int) v + 128] : new Int(v);
        }
        @Override public String toString() { return Long.toString(v); }
    }

    /** An upper-case symbol such as {@code FALLOC} or {@code RETRY}. */
    record Sym(String name) implements Value {
        @Override public String toString() { return name; }
    }

    /**
     * Not a value of the language: what evaluation returns once the task has
     * suspended (it sent a request, or entered a called path). Every
     * expression hands it straight up to the instruction, which stays put; it
     * never reaches a local, a message or a trace. A return value rather than
     * an exception: unwinding a thrown exception through the interpreter's
     * frames cost about a quarter of a run's time.
     */
    enum Suspended implements Value {
        SUSPENDED;
        @Override public String toString() { return "(suspended)"; }
    }

    /** {@code none}: an empty slot, a missing page, a deleted page's mapping. */
    enum None implements Value {
        NONE;
        @Override public String toString() { return "none"; }
    }

    /** An inode, by its index in the program's inode list (its "inode number"). */
    record InodeRef(int index, String name) implements Value {
        @Override public String toString() { return name; }
    }

    /** A lock (rwsem, mutex, spinlock, rwlock), by the address of its actor. */
    record LockRef(int addr, String name) implements Value {
        @Override public String toString() { return name; }
    }

    /** A wait queue, by the address of its actor. */
    record WaitqRef(int addr, String name) implements Value {
        @Override public String toString() { return name; }
    }

    /**
     * A page (folio). The page lives in the slot actor it was added to, even
     * after it is deleted from the cache: handles to orphans stay valid.
     */
    record PageRef(int slot, long id, String where) implements Value {
        @Override public String toString() { return "page#" + id + "@" + where; }
    }

    /** A swap entry stored in a slot in place of a page. */
    record SwapRef(int slot, long id, String where) implements Value {
        @Override public String toString() { return "swap#" + id + "@" + where; }
    }

    /** A disk block and the generation it had when looked up. */
    record BlockRef(long block, long gen) implements Value {
        @Override public String toString() { return "block(" + block + "," + gen + ")"; }
    }

    /** A data identity, as returned by {@code read}. */
    record Data(DataId id) implements Value {
        @Override public String toString() { return id.toString(); }
    }

    /** {@code A..B} (half-open), only as an operand of unmap, free_blocks and alloc_blocks. */
    record Range(long from, long to) implements Value {
        @Override public String toString() { return from + ".." + to; }
    }

    static Value bool(boolean b) {
        return Int.of(b ? 1 : 0);
    }

    /** C truthiness: 0 and none are false; every other value is true. */
    static boolean truthy(Value v) {
        if (v instanceof Int i) return i.v() != 0;
        return v != None.NONE;
    }
}
