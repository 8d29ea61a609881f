package dev.pagerace.stats;

import dev.pagerace.model.Event;
import dev.pagerace.model.Mode;
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
 * Open requests and holds are short lists per task; cells are found by
 * class in a hash map that nothing iterates in an order that reaches the
 * output: {@link #result()} sorts them, and sites are kept in sorted maps.
 */
public final class LockStatCollector {
    /** What one run showed for one lock class in one mode. */
    public record Use(String cls, String mode, long acquisitions, long contentions, long[] waits, long waitsUnfinished,
                      long[] holds, long holdsUnfinished, Map<String, Long> contentionSites, Map<String, Long> contendingSites) {}

    private static final class Cell {
        final String cls;
        final Mode mode;
        long acquisitions, contentions;
        long[] waits = new long[4];
        int nWaits;
        long[] holds = new long[8];
        int nHolds;
        final TreeMap<String, Long> contentionSites = new TreeMap<>();
        final TreeMap<String, Long> contendingSites = new TreeMap<>();

        Cell(String cls, Mode mode) {
            this.cls = cls;
            this.mode = mode;
        }
    }

    /** A request that may block (Attempt) and whether it did (Blocked). */
    private static final class Request {
        final String resource;
        final Cell cell;
        final long step;
        boolean blocked;

        Request(String resource, Cell cell, long step) {
            this.resource = resource;
            this.cell = cell;
            this.step = step;
        }
    }

    /** {@code site}'s text is made only when a contention names it: every acquisition makes a hold. */
    private record Hold(String resource, Cell cell, long step, dev.pagerace.model.Site site) {}

    /** Cells by class, then by mode ordinal; {@link #result()} sorts them. Every lock event finds its cell here. */
    private final Map<String, Cell[]> cells = new HashMap<>();
    /** Per task, its open requests and its holds, innermost last: a task has a few at a time, so lists beat maps. */
    private final List<List<Request>> requests = new ArrayList<>();
    private final List<List<Hold>> holds = new ArrayList<>();

    private Cell cell(String cls, Mode mode) {
        Cell[] byMode = cells.computeIfAbsent(cls, k -> new Cell[Mode.values().length]);
        Cell c = byMode[mode.ordinal()];
        if (c == null) byMode[mode.ordinal()] = c = new Cell(cls, mode);
        return c;
    }

    private static <T> List<T> of(List<List<T>> perTask, int task) {
        while (perTask.size() <= task) perTask.add(new ArrayList<>(2));
        return perTask.get(task);
    }

    /** The open request of {@code task} for {@code resource}, removed when {@code remove}; null if none. */
    private Request request(int task, String resource, boolean remove) {
        List<Request> rs = of(requests, task);
        for (int i = rs.size() - 1; i >= 0; i--) {
            Request r = rs.get(i);
            if (r.resource.equals(resource)) return remove ? rs.remove(i) : r;
        }
        return null;
    }

    /** The innermost hold of {@code task} on {@code resource}, removed when {@code remove}; null if none. */
    private Hold hold(int task, String resource, boolean remove) {
        List<Hold> hs = of(holds, task);
        for (int i = hs.size() - 1; i >= 0; i--) {
            Hold h = hs.get(i);
            if (h.resource().equals(resource)) return remove ? hs.remove(i) : h;
        }
        return null;
    }

    /** Takes one event the run applied at delivery {@code step}. */
    public void event(Event e, long step) {
        if (e instanceof Event.Attempt a) {
            request(a.task(), a.resource(), true); // a newer request replaces one never granted
            of(requests, a.task()).add(new Request(a.resource(), cell(a.cls(), a.mode()), step));
        } else if (e instanceof Event.Blocked b) {
            if (b.mode() == null) return; // a wait queue, not a lock
            Request r = request(b.task(), b.resource(), false);
            if (r == null) return;
            r.blocked = true;
            Cell c = r.cell;
            c.contentions++;
            c.contentionSites.merge(b.site().where(), 1L, Long::sum);
            // lock_stat's contending point: where the lock was taken by whoever this request waits for
            for (int t : b.waitsFor()) {
                Hold h = hold(t, b.resource(), false);
                if (h != null) c.contendingSites.merge(h.site().where(), 1L, Long::sum);
            }
        } else if (e instanceof Event.Acquired a) {
            Cell c = cell(a.cls(), a.mode());
            c.acquisitions++;
            Request r = request(a.task(), a.resource(), true);
            if (r != null && r.blocked) {
                if (c.nWaits == c.waits.length) c.waits = Arrays.copyOf(c.waits, c.nWaits * 2);
                c.waits[c.nWaits++] = step - r.step;
            }
            of(holds, a.task()).add(new Hold(a.resource(), c, step, a.site()));
        } else if (e instanceof Event.Released rel) {
            // the innermost acquisition of a recursively held read lock ends first
            Hold held = hold(rel.task(), rel.resource(), true);
            if (held == null) return;
            Cell c = held.cell();
            if (c.nHolds == c.holds.length) c.holds = Arrays.copyOf(c.holds, c.nHolds * 2);
            c.holds[c.nHolds++] = step - held.step();
        }
    }

    /** What the run showed, per class and mode in sorted order; waits and holds still open count as unfinished. */
    public List<Use> result() {
        List<Cell> sorted = new ArrayList<>();
        for (Cell[] byMode : cells.values()) for (Cell c : byMode) if (c != null) sorted.add(c);
        sorted.sort(java.util.Comparator.comparing((Cell c) -> c.cls).thenComparing(c -> c.mode.label()));
        Map<Cell, long[]> open = new java.util.IdentityHashMap<>(); // cell -> {waits, holds}
        for (List<Request> rs : requests) for (Request r : rs) if (r.blocked) open.computeIfAbsent(r.cell, k -> new long[2])[0]++;
        for (List<Hold> hs : holds) for (Hold h : hs) open.computeIfAbsent(h.cell(), k -> new long[2])[1]++;
        List<Use> out = new ArrayList<>(sorted.size());
        for (Cell c : sorted) {
            long[] o = open.getOrDefault(c, new long[2]);
            out.add(new Use(c.cls, c.mode.label(), c.acquisitions, c.contentions,
                Arrays.copyOf(c.waits, c.nWaits), o[0], Arrays.copyOf(c.holds, c.nHolds), o[1],
                new TreeMap<>(c.contentionSites), new TreeMap<>(c.contendingSites)));
        }
        return out;
    }
}
