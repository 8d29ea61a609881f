package dev.pagerace.oracle;

import dev.pagerace.model.Event;
import dev.pagerace.program.LockKind;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects a run's lock-class dependencies, as lockdep does: each request
 * for a lock that may block adds "held A while taking B" for every lock the
 * task holds, whether or not the request is granted.
 * Same-class nesting is not an edge where the kernel allows it: lock_two's
 * second lock (ordered by inode number) and page locks taken in ascending
 * index order within one inode.
 */
public final class LockOrderCollector implements Oracle {
    private final Map<String, LockEdge> edges = new LinkedHashMap<>();
    private final Set<String> writeClasses = new TreeSet<>();
    private final Set<String> rwlockClasses = new TreeSet<>();

    public LockOrderCollector(Program p) {
        for (Program.LockInfo l : p.locks()) if (l.kind() == LockKind.RWLOCK) rwlockClasses.add(l.cls());
    }

    @Override public Violation onEvent(Event e, RunState s) {
        if (!(e instanceof Event.Attempt a)) return null;
        if (a.mode() == dev.pagerace.model.Mode.WRITE) writeClasses.add(a.cls());
        for (RunState.Held h : s.held(a.task())) {
            if (h.cls().equals(a.cls())) {
                if (a.nested()) continue;
                if (a.order() >= 0 && h.inode() == a.inode() && h.order() < a.order()) continue;
            }
            LockEdge edge = new LockEdge(h.cls(), h.mode().label(), a.cls(), a.mode().label(), s.program.name(a.task()),
                h.site().where(), h.site().stack("       "), a.site().where(), a.site().stack("       "), -1);
            edges.putIfAbsent(edge.key(), edge);
        }
        return null;
    }

    public List<LockEdge> edges() { return new ArrayList<>(edges.values()); }

    /** Classes acquired for write in this run: a reader of such a class can block behind a queued writer. */
    public Set<String> writeClasses() { return writeClasses; }

    public Set<String> rwlockClasses() { return rwlockClasses; }
}
