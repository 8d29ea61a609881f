package dev.pagerace.program;

import java.util.Locale;

/** The lock kinds of the world model (SPEC §2). */
public enum LockKind {
    /** Linux rw_semaphore: FIFO, a reader waits behind any queued writer. */
    RWSEM,
    /** FIFO exclusive sleeping lock. */
    MUTEX,
    /** FIFO exclusive; its holder must not sleep. */
    SPINLOCK,
    /** Reader-preferring rwlock_t: readers barge past waiting writers, which can starve. */
    RWLOCK;

    public boolean shared() { return this == RWSEM || this == RWLOCK; }

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static LockKind parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
}
