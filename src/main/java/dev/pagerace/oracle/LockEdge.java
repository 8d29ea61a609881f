package dev.pagerace.oracle;

import dev.pagerace.model.Mode;
import java.util.List;

/**
 * "Held {@code from} while taking {@code to}", by lock class, as lockdep
 * records dependencies; with the first example seen: which task, where it
 * took each lock, and the seed of the run (filled when runs are merged).
 * Modes are {@code write}, {@code read} (non-recursive) or {@code rread}
 * (recursive read). {@code hidden}: one of the two is a lock lockdep cannot
 * see (a page lock, or a lock declared {@code untracked}).
 *
 * <p>For the lockdep-shaped report of the example: {@code fromKernel} and
 * {@code toKernel} are the classes as lockdep names them
 * ({@link dev.pagerace.program.KernelClass}), {@code fromLock} and
 * {@code toLock} the lock instances the example took, {@code pid} the task's
 * number in its run, and {@code held} every lock the task held when it asked
 * for {@code to}, one lockdep held-lock line each (lockdep_print_held_locks()).
 */
public record LockEdge(String from, String fromMode, String to, String toMode,
                       String task, String heldWhere, String heldStack, String takenWhere, String takenStack, long seed,
                       boolean hidden, String fromKernel, String toKernel, String fromLock, String toLock, int pid, List<String> held) {

    /** An edge with no example detail beyond its sites: kernel names are the classes, instances unknown. */
    public LockEdge(String from, String fromMode, String to, String toMode,
                    String task, String heldWhere, String heldStack, String takenWhere, String takenStack, long seed, boolean hidden) {
        this(from, fromMode, to, toMode, task, heldWhere, heldStack, takenWhere, takenStack, seed, hidden, from, to, from, to, -1, List.of());
    }

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
        return new LockEdge(from, fromMode, to, toMode, task, heldWhere, heldStack, takenWhere, takenStack, s, hidden,
            fromKernel, toKernel, fromLock, toLock, pid, held);
    }
}
