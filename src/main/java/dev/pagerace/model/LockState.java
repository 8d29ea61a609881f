package dev.pagerace.model;

import dev.pagerace.program.LockKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The admission and hand-over rules of one lock, shared by lock actors and
 * page locks. This is where rwsem semantics live:
 * <ul>
 * <li>rwsem (kernel/locking/rwsem.c): a reader is admitted only if no writer
 *     holds it and nobody waits, so a reader queues behind a waiting writer
 *     even if it already holds the lock for read (the recursive-read
 *     deadlock lockdep warns about); a release hands the lock to the head
 *     writer, or to every reader at the head of the queue. Waiters are FIFO;
 *     optimistic spinning and lock stealing are not modelled.</li>
 * <li>mutex, spinlock, page lock: exclusive, FIFO.</li>
 * <li>rwlock (the classic reader-preferring rwlock_t): readers enter
 *     whenever no writer holds it, even past waiting writers, so writers can
 *     starve.</li>
 * </ul>
 */
public final class LockState {
    public record Holder(int task, Mode mode, Site site) {}

    public record Waiter(int task, Mode mode, Site site) {}

    private final LockKind kind;
    private final List<Holder> holders = new ArrayList<>(2);
    private final List<Waiter> waiters = new ArrayList<>(2);

    public LockState(LockKind kind) {
        this.kind = kind;
    }

    /** A copy for the exhaustive search (holders and waiters are immutable records). */
    public LockState copy() {
        LockState c = new LockState(kind);
        c.holders.addAll(holders);
        c.waiters.addAll(waiters);
        return c;
    }

    /** Holders and the FIFO of waiters, by (renamed) task and mode; sites only feed reports. */
    public void fingerprint(Fingerprint f) {
        f.add(holders.size());
        for (Holder x : holders) f.task(x.task()).add(x.mode());
        f.add(waiters.size());
        for (Waiter x : waiters) f.task(x.task()).add(x.mode());
    }

    public LockKind kind() { return kind; }

    public List<Holder> holders() { return holders; }

    public List<Waiter> waiters() { return waiters; }

    public boolean isFree() { return holders.isEmpty(); }

    public Holder holder(int task) {
        for (Holder h : holders) if (h.task() == task) return h;
        return null;
    }

    /** Whether a new request in {@code mode} is admitted right now. */
    public boolean admits(Mode mode) {
        if (mode == Mode.READ) {
            if (hasWriterHolder()) return false;
            // rwlock_t readers barge past waiting writers; rwsem readers do not.
            return kind == LockKind.RWLOCK || waiters.isEmpty();
        }
        return holders.isEmpty() && waiters.isEmpty();
    }

    public void grant(int task, Mode mode, Site site) {
        holders.add(new Holder(task, mode, site));
    }

    public void enqueue(int task, Mode mode, Site site) {
        waiters.add(new Waiter(task, mode, site));
    }

    /** Drops {@code task}'s hold in {@code mode}; null if it held none. */
    public Holder release(int task, Mode mode) {
        for (Iterator<Holder> it = holders.iterator(); it.hasNext(); ) {
            Holder h = it.next();
            if (h.task() == task && h.mode() == mode) {
                it.remove();
                return h;
            }
        }
        return null;
    }

    /** Hands the lock to the waiters that may have it now; returns them in grant order. */
    public List<Waiter> handOver() {
        List<Waiter> granted = new ArrayList<>(1);
        if (kind == LockKind.RWLOCK) {
            if (hasWriterHolder()) return granted;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.mode() == Mode.READ) {
                    it.remove();
                    holders.add(new Holder(w.task(), w.mode(), w.site()));
                    granted.add(w);
                }
            }
            if (holders.isEmpty() && !waiters.isEmpty()) {
                Waiter w = waiters.remove(0);
                holders.add(new Holder(w.task(), w.mode(), w.site()));
                granted.add(w);
            }
            return granted;
        }
        while (!waiters.isEmpty()) {
            Waiter head = waiters.get(0);
            if (head.mode() == Mode.WRITE) {
                if (!holders.isEmpty()) break;
                waiters.remove(0);
                holders.add(new Holder(head.task(), head.mode(), head.site()));
                granted.add(head);
                break;
            }
            if (hasWriterHolder()) break;
            waiters.remove(0);
            holders.add(new Holder(head.task(), head.mode(), head.site()));
            granted.add(head);
        }
        return granted;
    }

    /**
     * The tasks {@code w} waits for: holders it conflicts with, and (FIFO
     * locks) conflicting waiters ahead of it (a reader behind a queued writer
     * waits for that writer, which waits for the holders), which must get and drop the lock
     * first. A holder that is {@code w}'s own task makes a self-edge: the
     * self-deadlock of Usama Arif's report.
     */
    public int[] waitsFor(Waiter w) {
        Set<Integer> out = new LinkedHashSet<>();
        for (Holder h : holders) {
            if (h.mode().conflicts(w.mode())) out.add(h.task());
        }
        for (Waiter ahead : waiters) {
            if (ahead == w) break;
            if (kind == LockKind.RWLOCK) {
                // readers barge; a writer also lets every waiting reader in first
                if (w.mode() == Mode.WRITE) out.add(ahead.task());
            } else if (ahead.mode().conflicts(w.mode())) {
                out.add(ahead.task());
            }
        }
        if (kind == LockKind.RWLOCK && w.mode() == Mode.WRITE) {
            for (Waiter other : waiters) if (other.mode() == Mode.READ) out.add(other.task());
        }
        int[] a = new int[out.size()];
        int i = 0;
        for (int t : out) a[i++] = t;
        return a;
    }

    /**
     * After a release: hands the lock over and reports it. Each granted waiter
     * gets {@code acquired}'s event, is unblocked and answered 1; the waiters
     * left get their new wait-for edges, with {@code why}. Returns the granted.
     */
    public List<Waiter> handOver(int from, Effects fx, java.util.function.Function<Waiter, Event.Acquired> acquired,
                                 java.util.function.Supplier<String> why) {
        List<Waiter> granted = handOver();
        for (Waiter w : granted) {
            fx.event(acquired.apply(w));
            fx.event(new Event.Unblocked(w.task()));
            fx.reply(from, w.task(), dev.pagerace.program.Value.Int.of(1));
        }
        for (Waiter w : waiters) fx.event(new Event.WaitEdges(w.task(), waitsFor(w), why.get()));
        return granted;
    }

    private boolean hasWriterHolder() {
        for (Holder h : holders) if (h.mode() == Mode.WRITE) return true;
        return false;
    }

    /** Who holds it, for trace lines: {@code puncher(write)} or {@code faulter-0(read),faulter-1(read)}. */
    public String describeHolders(java.util.function.IntFunction<String> names) {
        StringBuilder b = new StringBuilder();
        for (Holder h : holders) {
            if (b.length() > 0) b.append(',');
            b.append(names.apply(h.task()));
            if (kind.shared()) b.append('(').append(h.mode().label()).append(')');
        }
        return b.toString();
    }
}
