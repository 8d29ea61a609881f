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
 * Collects a run's lock-class dependencies, as lockdep does: each
 * acquisition adds "held A while taking B" for every lock the task holds.
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
        if (!(e instanceof Event.Acquired a)) return null;
        if (a.mode() == dev.pagerace.model.Mode.WRITE) writeClasses.add(a.cls());
        List<RunState.Held> held = s.held(a.task());
        // the new lock is already the last entry of held
        for (int i = 0; i < held.size() - 1; i++) {
            RunState.Held h = held.get(i);
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
