package dev.pagerace.oracle;

import dev.pagerace.model.Mode;

/**
 * "Held {@code from} while taking {@code to}", by lock class, as lockdep
 * records dependencies; with the first example seen: which task, where it
 * took each lock, and the seed of the run (filled when runs are merged).
 * Modes are {@code write}, {@code read} (non-recursive) or {@code rread}
 * (recursive read). {@code hidden}: one of the two is a lock lockdep cannot
 * see (a page lock, or a lock declared {@code untracked}).
 */
public record LockEdge(String from, String fromMode, String to, String toMode,
                       String task, String heldWhere, String heldStack, String takenWhere, String takenStack, long seed,
                       boolean hidden) {

    public static final String RECURSIVE_READ = "rread";

    public static String mode(Mode m, boolean recursive) {
        return m == Mode.WRITE ? "write" : recursive ? RECURSIVE_READ : "read";
    }

    public String key() { return key(from, fromMode, to, toMode); }

    public static String key(String from, String fromMode, String to, String toMode) {
        return from + "{" + fromMode + "}->" + to + "{" + toMode + "}";
    }

    /** lockdep's "S" end: the held lock is a reader (recursive or not). */
    boolean fromShared() { return !fromMode.equals("write"); }

    /** lockdep's "R" end: the lock taken is a recursive reader. */
    boolean toRecursive() { return toMode.equals(RECURSIVE_READ); }

    public LockEdge withSeed(long s) {
        return new LockEdge(from, fromMode, to, toMode, task, heldWhere, heldStack, takenWhere, takenStack, s, hidden);
    }
}
