package dev.pagerace.stats;

import dev.pagerace.model.Event;
import dev.pagerace.model.Mode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * lock_stat for one run, from the lock events its objects report
 * (the kernel's kernel/locking/lockdep.c: lock_acquire() starts a request,
 * __lock_contended() marks it contended and names the contention point,
 * __lock_acquired() ends the wait, lock_release() ends the hold; see
 * Documentation/locking/lockstat.rst). Time is the delivery count.
 *
 * Per lock class and mode it counts acquisitions (trylocks that succeeded
 * included) and contentions, and keeps the raw wait times of contended
 * requests (lock_stat's waittime covers contended requests only) and the
 * hold times; a run has few of each, so they stay arrays here and become
 * histograms per batch ({@link LockStat}). Waits and holds still open when
 * the run ends are counted as unfinished, never dropped.
 *
 * Lookups go through hash maps by (task, resource), but nothing iterates
 * them in an order that reaches the output: classes and sites are kept in
 * sorted maps.
 */
public final class LockStatCollector {
    /** What one run showed for one lock class in one mode. */
    public record Use(String cls, String mode, long acquisitions, long contentions, long[] waits, long waitsUnfinished,
                      long[] holds, long holdsUnfinished, Map<String, Long> contentionSites, Map<String, Long> contendingSites) {}

    private static final class Cell {
        long acquisitions, contentions;
        long[] waits = new long[4];
        int nWaits;
        long[] holds = new long[8];
        int nHolds;
        final TreeMap<String, Long> contentionSites = new TreeMap<>();
        final TreeMap<String, Long> contendingSites = new TreeMap<>();
    }

    /** A request that may block (Attempt) and whether it did (Blocked). */
    private record Request(String cls, Mode mode, long step, boolean blocked) {}

    /** {@code site}'s text is made only when a contention names it: every acquisition makes a hold. */
    private record Hold(String cls, Mode mode, long step, dev.pagerace.model.Site site) {}

    /** A (task, resource) pair: a record, not a joined string, since every lock event looks one up. */
    private record Key(int task, String resource) {}

    /** A (class, mode) pair; its sorted map orders by class, then mode label. */
    private record CellKey(String cls, String mode) implements Comparable<CellKey> {
        @Override public int compareTo(CellKey o) {
            int c = cls.compareTo(o.cls);
            return c != 0 ? c : mode.compareTo(o.mode);
        }
    }

    private final TreeMap<CellKey, Cell> cells = new TreeMap<>();
    private final Map<Key, Request> requests = new HashMap<>();
    private final Map<Key, ArrayDeque<Hold>> holds = new HashMap<>();

    private static Key key(int task, String resource) { return new Key(task, resource); }

    private Cell cell(String cls, Mode mode) {
        return cells.computeIfAbsent(new CellKey(cls, mode.label()), k -> new Cell());
    }

    /** Takes one event the run applied at delivery {@code step}. */
    public void event(Event e, long step) {
        if (e instanceof Event.Attempt a) {
            requests.put(key(a.task(), a.resource()), new Request(a.cls(), a.mode(), step, false));
        } else if (e instanceof Event.Blocked b) {
            Key k = key(b.task(), b.resource());
            Request r = requests.get(k);
            if (r == null || b.mode() == null) return; // a wait queue, not a lock
            requests.put(k, new Request(r.cls(), r.mode(), r.step(), true));
            Cell c = cell(r.cls(), r.mode());
            c.contentions++;
            c.contentionSites.merge(b.site().where(), 1L, Long::sum);
            // lock_stat's contending point: where the lock was taken by whoever this request waits for
            for (int t : b.waitsFor()) {
                ArrayDeque<Hold> h = holds.get(key(t, b.resource()));
                if (h != null && !h.isEmpty()) c.contendingSites.merge(h.peekLast().site().where(), 1L, Long::sum);
            }
        } else if (e instanceof Event.Acquired a) {
            Key k = key(a.task(), a.resource());
            Cell c = cell(a.cls(), a.mode());
            c.acquisitions++;
            Request r = requests.remove(k);
            if (r != null && r.blocked()) {
                if (c.nWaits == c.waits.length) c.waits = Arrays.copyOf(c.waits, c.nWaits * 2);
                c.waits[c.nWaits++] = step - r.step();
            }
            holds.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(new Hold(a.cls(), a.mode(), step, a.site()));
        } else if (e instanceof Event.Released rel) {
            ArrayDeque<Hold> h = holds.get(key(rel.task(), rel.resource()));
            if (h == null || h.isEmpty()) return;
            Hold held = h.pollLast(); // the innermost acquisition of a recursively held read lock ends first
            Cell c = cell(held.cls(), held.mode());
            if (c.nHolds == c.holds.length) c.holds = Arrays.copyOf(c.holds, c.nHolds * 2);
            c.holds[c.nHolds++] = step - held.step();
        }
    }

    /** What the run showed, per class and mode in sorted order; waits and holds still open count as unfinished. */
    public List<Use> result() {
        Map<CellKey, long[]> open = new TreeMap<>(); // cell key -> {waits, holds}
        for (Request r : requests.values()) {
            if (r.blocked()) open.computeIfAbsent(new CellKey(r.cls(), r.mode().label()), k -> new long[2])[0]++;
        }
        for (ArrayDeque<Hold> h : holds.values()) {
            for (Hold x : h) open.computeIfAbsent(new CellKey(x.cls(), x.mode().label()), k -> new long[2])[1]++;
        }
        List<Use> out = new ArrayList<>(cells.size());
        for (var e : cells.entrySet()) {
            Cell c = e.getValue();
            long[] o = open.getOrDefault(e.getKey(), new long[2]);
            out.add(new Use(e.getKey().cls(), e.getKey().mode(), c.acquisitions, c.contentions,
                Arrays.copyOf(c.waits, c.nWaits), o[0], Arrays.copyOf(c.holds, c.nHolds), o[1],
                new TreeMap<>(c.contentionSites), new TreeMap<>(c.contendingSites)));
        }
        return out;
    }
}
