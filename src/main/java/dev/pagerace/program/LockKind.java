package dev.pagerace.program;

import java.util.Locale;

/** The lock kinds of the world model (SPEC §2). */
public enum LockKind {
    /** Linux rw_semaphore: FIFO, a reader waits behind any queued writer; a release wakes every queued reader when a reader is first. */
    RWSEM,
    /** FIFO exclusive sleeping lock. */
    MUTEX,
    /** FIFO exclusive; its holder must not sleep. */
    SPINLOCK,
    /** rwlock_t as qrwlock: process-context readers queue behind a waiting writer; interrupt-context readers barge. */
    RWLOCK;

    public boolean shared() { return this == RWSEM || this == RWLOCK; }

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static LockKind parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
}
