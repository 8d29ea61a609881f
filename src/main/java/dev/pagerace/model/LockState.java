package dev.pagerace.model;

import dev.pagerace.program.LockKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The admission and hand-over rules of one lock, shared by lock actors and
 * page locks. This is where lock semantics live, as current kernels have them:
 * <ul>
 * <li>rwsem (kernel/locking/rwsem.c): a reader is admitted only if no writer
 *     holds it and nobody waits (RWSEM_READ_FAILED_MASK covers the waiters
 *     flag), so a reader queues behind a waiting writer even if it already
 *     holds the lock for read: the recursive-read deadlock lockdep warns
 *     about. Waiters are FIFO. A release hands the lock to the head waiter if
 *     it is a writer; if the head is a reader, rwsem_mark_wake() wakes every
 *     queued reader, past the writers between them (up to
 *     MAX_READERS_WAKEUP = 256), and the writers stay queued. Optimistic
 *     spinning, reader lock stealing and the writer hand-off bit are not
 *     modelled: they change who wins a race, never whether a wait-for cycle
 *     can form.</li>
 * <li>mutex, spinlock, page lock: exclusive, FIFO.</li>
 * <li>rwlock as qrwlock (kernel/locking/qrwlock.c): a process-context reader
 *     is admitted only if no writer holds or waits, else it queues FIFO on
 *     the wait_lock behind the writer; a reader in interrupt context
 *     ({@code barging}) only waits for a writer that holds the lock, barging
 *     past waiting writers (queued_read_lock_slowpath()'s in_interrupt()
 *     case), so interrupt readers can still starve a writer.</li>
 * </ul>
 */
public final class LockState {
    public record Holder(int task, Mode mode, Site site) {}

    /** {@code barging}: an interrupt-context qrwlock reader, which waits only for a writer holder. */
    public record Waiter(int task, Mode mode, Site site, boolean barging) {}

    /** rwsem_mark_wake()'s MAX_READERS_WAKEUP. */
    static final int MAX_READERS_WAKEUP = 256;

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
        for (Waiter x : waiters) f.task(x.task()).add(x.mode()).add(x.barging());
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
        return admits(mode, false);
    }

    /** As {@link #admits(Mode)}; {@code interrupt} marks a reader in interrupt context (qrwlock barging). */
    public boolean admits(Mode mode, boolean interrupt) {
        if (mode == Mode.READ) {
            if (hasWriterHolder()) return false;
            return barges(mode, interrupt) || waiters.isEmpty();
        }
        return holders.isEmpty() && waiters.isEmpty();
    }

    /** Whether such a request barges past waiting writers: a qrwlock reader in interrupt context. */
    public boolean barges(Mode mode, boolean interrupt) {
        return kind == LockKind.RWLOCK && mode == Mode.READ && interrupt;
    }

    public void grant(int task, Mode mode, Site site) {
        holders.add(new Holder(task, mode, site));
    }

    public void enqueue(int task, Mode mode, Site site) {
        enqueue(task, mode, site, false);
    }

    public void enqueue(int task, Mode mode, Site site, boolean interrupt) {
        waiters.add(new Waiter(task, mode, site, barges(mode, interrupt)));
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
        if (waiters.isEmpty()) return granted;
        if (kind == LockKind.RWSEM && waiters.get(0).mode() == Mode.READ) {
            // rwsem_mark_wake(): a reader at the head wakes every queued reader, writers stay queued
            if (hasWriterHolder()) return granted;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext() && granted.size() < MAX_READERS_WAKEUP; ) {
                Waiter w = it.next();
                if (w.mode() == Mode.READ) {
                    it.remove();
                    take(w, granted);
                }
            }
            return granted;
        }
        if (kind == LockKind.RWLOCK) {
            // qrwlock: interrupt readers spin only on a writer holder and get in first
            if (hasWriterHolder()) return granted;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.barging()) {
                    it.remove();
                    take(w, granted);
                }
            }
        }
        // FIFO: the head writer once nobody holds it; qrwlock readers in order until a writer
        while (!waiters.isEmpty()) {
            Waiter head = waiters.get(0);
            if (head.mode() == Mode.WRITE) {
                if (!holders.isEmpty()) break;
                waiters.remove(0);
                take(head, granted);
                break;
            }
            if (hasWriterHolder()) break;
            waiters.remove(0);
            take(head, granted);
        }
        return granted;
    }

    private void take(Waiter w, List<Waiter> granted) {
        holders.add(new Holder(w.task(), w.mode(), w.site()));
        granted.add(w);
    }

    /**
     * The tasks {@code w} must wait for, given the hand-over rules above:
     * holders it conflicts with, and the waiters that must get and drop the
     * lock first. An rwsem reader waits for a writer at the head of the queue
     * but not for writers behind a reader head (rwsem_mark_wake() wakes it
     * past them); a writer waits for everyone ahead of it (and, on a qrwlock,
     * for interrupt readers, which barge). A barging reader waits only for a
     * writer holder. A holder that is {@code w}'s own task makes a self-edge:
     * the self-deadlock of Usama Arif's report.
     */
    public int[] waitsFor(Waiter w) {
        // called for every waiter on every release, so O(waiters) each without boxing: an array in first-seen
        // order and a bit set for the duplicates (a task both holding and queued ahead is listed once)
        int[] out = new int[holders.size() + waiters.size()];
        java.util.BitSet seen = new java.util.BitSet();
        int n = 0;
        for (Holder h : holders) {
            if (h.mode().conflicts(w.mode()) && !seen.get(h.task())) {
                seen.set(h.task());
                out[n++] = h.task();
            }
        }
        if (!w.barging()) {
            if (kind == LockKind.RWSEM && w.mode() == Mode.READ) {
                Waiter head = waiters.get(0);
                if (head != w && head.mode() == Mode.WRITE && !seen.get(head.task())) {
                    seen.set(head.task());
                    out[n++] = head.task();
                }
            } else {
                for (Waiter ahead : waiters) {
                    if (ahead == w) break;
                    if (ahead.mode().conflicts(w.mode()) && !seen.get(ahead.task())) {
                        seen.set(ahead.task());
                        out[n++] = ahead.task();
                    }
                }
                if (kind == LockKind.RWLOCK && w.mode() == Mode.WRITE) {
                    for (Waiter other : waiters) {
                        if (other.barging() && !seen.get(other.task())) {
                            seen.set(other.task());
                            out[n++] = other.task();
                        }
                    }
                }
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
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
        // the reason reads the lock's state, which the loop does not change: built once, not once per waiter
        String reason = waiters.isEmpty() ? null : why.get();
        for (Waiter w : waiters) fx.event(new Event.WaitEdges(w.task(), waitsFor(w), reason));
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
