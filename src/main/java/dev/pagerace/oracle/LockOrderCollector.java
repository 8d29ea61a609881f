package dev.pagerace.oracle;

import dev.pagerace.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a run's lock-class dependencies, as lockdep does: each request
 * for a lock that may block adds "held A while taking B" for every lock the
 * task holds, whether or not the request is granted (lock_acquire() records
 * before it waits). Classes carry their lockdep subclass
 * ({@code invalidate_lock/1}), so annotated nesting such as lock_two's
 * second lock is an ordinary edge between two classes, as in lockdep.
 *
 * <p>Every acquisition is recorded with its kind: write, read (down_read(),
 * and read_lock() in process context on a qrwlock: non-recursive) or
 * recursive read (read_lock() in interrupt context), so
 * {@link LockOrderGraph} can apply lockdep's rules for reads
 * (Documentation/locking/lockdep-design.rst, "Recursive read locks").
 *
 * <p>Same class and subclass taken again while held is an edge to itself
 * (lockdep's "possible recursive locking detected"), except where the kernel
 * allows it: a recursive read on a class held for read (check_deadlock()),
 * and page locks taken in ascending index order within one inode (the order
 * truncation and writeback use; lockdep does not track page locks at all).
 */
public final class LockOrderCollector implements Oracle {
    /** An edge's identity, as {@link LockEdge#key()} but with nothing joined: every attempt looks one up per held lock. */
    private record Key(String from, String fromMode, String to, String toMode) {}

    private final Map<Key, LockEdge> edges = new LinkedHashMap<>();

    @Override public Violation onEvent(Event e, RunState s) {
        if (!(e instanceof Event.Attempt a)) return null;
        String toMode = LockEdge.mode(a.mode(), a.recursive());
        for (RunState.Held h : s.held(a.task())) {
            if (h.cls().equals(a.cls())) {
                if (a.recursive() && h.mode() == dev.pagerace.model.Mode.READ) continue;
                if (a.order() >= 0 && h.inode() == a.inode() && h.order() < a.order()) continue;
            }
            String fromMode = LockEdge.mode(h.mode(), h.recursive());
            // the first example of each dependency is kept: render its sites and stacks only then (a hot path)
            edges.computeIfAbsent(new Key(h.cls(), fromMode, a.cls(), toMode), k -> new LockEdge(h.cls(), fromMode, a.cls(), toMode,
                s.program.name(a.task()), h.site().where(), h.site().stack("       "), a.site().where(), a.site().stack("       "), -1,
                h.hidden() || a.hidden(), s.program.kernelClass(h.cls()), s.program.kernelClass(a.cls()), h.resource(), a.resource(),
                a.task(), heldLines(s, a.task())));
        }
        return null;
    }

    /** The task's held locks as lockdep lists them: {@code shm.i_rwsem (&sb->s_type->i_mutex_key){write}, at: SITE}. */
    static List<String> heldLines(RunState s, int task) {
        List<String> out = new ArrayList<>();
        for (RunState.Held h : s.held(task)) {
            out.add(h.resource() + " (" + s.program.kernelClass(h.cls()) + "){" + LockEdge.mode(h.mode(), h.recursive()) + "}, at: " + h.site().where());
        }
        return List.copyOf(out);
    }

    public List<LockEdge> edges() { return new ArrayList<>(edges.values()); }
}
