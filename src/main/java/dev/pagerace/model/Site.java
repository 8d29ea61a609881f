package dev.pagerace.model;

import dev.pagerace.lang.Pos;
import java.util.Objects;

/**
 * Where a task issued an operation: the scenario position and its call
 * stack. A value (equal when position and stack are), with its
 * {@link #where()} text made once: lock_stat and the oracles ask for it at
 * every contention and dependency.
 */
public final class Site {
    private final Pos pos;
    private final CallChain chain;
    /** Made at first use; a race makes it twice, never wrong. */
    private String where;

    public Site(Pos pos, CallChain chain) {
        this.pos = pos;
        this.chain = chain;
    }

    public Pos pos() { return pos; }

    public CallChain chain() { return chain; }

    /** {@code actors/shmem.kp:40 in writeout()}. */
    public String where() {
        String w = where;
        if (w == null) where = w = pos.where() + " in " + chain.label();
        return w;
    }

    /** One line per frame, innermost first, in the shape of a kernel stack dump; the callers' lines are the frame's, made once. */
    public String stack(String indent) {
        return indent + pos.where() + "  " + chain.label() + "\n" + chain.callers(indent);
    }

    @Override public boolean equals(Object o) {
        return o instanceof Site s && Objects.equals(pos, s.pos) && Objects.equals(chain, s.chain);
    }

    @Override public int hashCode() { return Objects.hash(pos, chain); }

    @Override public String toString() { return where(); }
}
