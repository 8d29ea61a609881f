package dev.pagerace.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lock-class dependency graph merged across runs, and its cycles: a
 * possible deadlock even if no run deadlocked (lockdep's "possible circular
 * locking dependency").
 *
 * <p>Reads follow lockdep (Documentation/locking/lockdep-design.rst, "Deadlock
 * detection" for recursive reads): an edge is -(XY)-> with X = S if the held
 * lock is a reader, E if a writer, and Y = R if the lock taken is a recursive
 * reader, N otherwise. A cycle is a possible deadlock only if it is strong:
 * no edge -(*R)-> is followed by an edge -(S*)->, since a recursive reader
 * never waits for another reader. down_read() is a non-recursive read, so a
 * cycle through read acquisitions of rwsems counts whether or not any task of
 * the scenario takes those rwsems for write: a writer elsewhere in the kernel
 * can always queue between them, as lockdep assumes.
 */
public final class LockOrderGraph {
    private static final int MAX_CYCLE = 6;

    private final Map<String, LockEdge> edges = new LinkedHashMap<>();

    /** Adds one run's dependencies; the first example of each edge is kept, with its run's seed. */
    public void add(List<LockEdge> runEdges, long seed) {
        for (LockEdge e : runEdges) edges.putIfAbsent(e.key(), e.withSeed(seed));
    }

    /** Adds dependencies that already carry the seed of the run that recorded them. */
    public void addRecorded(List<LockEdge> recorded) {
        for (LockEdge e : recorded) {
            LockEdge old = edges.get(e.key());
            if (old == null || e.seed() < old.seed()) edges.put(e.key(), e);
        }
    }

    public int size() { return edges.size(); }

    public List<LockEdge> edges() { return new ArrayList<>(edges.values()); }

    /** Every elementary cycle (up to {@value #MAX_CYCLE} classes), each once, in a stable order. */
    public List<Violation.LockOrder> cycles() {
        Map<String, List<LockEdge>> out = new TreeMap<>();
        for (LockEdge e : edges.values()) out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
        List<Violation.LockOrder> found = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String start : out.keySet()) {
            search(start, start, out, new ArrayList<>(), found, seen);
        }
        return found;
    }

    private void search(String start, String at, Map<String, List<LockEdge>> out, List<LockEdge> path,
                        List<Violation.LockOrder> found, Set<String> seen) {
        for (LockEdge e : out.getOrDefault(at, List.of())) {
            if (!path.isEmpty() && !strong(path.get(path.size() - 1), e)) continue;
            if (e.to().equals(start)) {
                if (!strong(e, path.isEmpty() ? e : path.get(0))) continue;
                List<LockEdge> chain = new ArrayList<>(path);
                chain.add(e);
                if (seen.add(canonical(chain))) found.add(new Violation.LockOrder(chain));
            } else if (path.size() + 1 < MAX_CYCLE && e.to().compareTo(start) > 0 && !onPath(path, e.to())) {
                path.add(e);
                search(start, e.to(), out, path, found, seen);
                path.remove(path.size() - 1);
            }
        }
    }

    /** lockdep's strong-path rule for two consecutive dependencies: not -(*R)-> followed by -(S*)->. */
    private static boolean strong(LockEdge first, LockEdge then) {
        return !(first.toRecursive() && then.fromShared());
    }

    private static boolean onPath(List<LockEdge> path, String cls) {
        for (LockEdge e : path) if (e.from().equals(cls) || e.to().equals(cls)) return true;
        return false;
    }

    /** A cycle is its class sequence: the same classes with other modes are the same dependency cycle. */
    private static String canonical(List<LockEdge> chain) {
        StringBuilder b = new StringBuilder();
        for (LockEdge e : chain) b.append(e.from()).append("->");
        return b.toString();
    }
}
