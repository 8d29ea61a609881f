package dev.pagerace.model;

/** How a lock is held: shared (read) or exclusive (write; mutexes, spinlocks and page locks are always exclusive). */
public enum Mode {
    READ, WRITE;

    public boolean conflicts(Mode other) { return this == WRITE || other == WRITE; }

    public String label() { return this == READ ? "read" : "write"; }
}
