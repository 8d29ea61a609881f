package dev.pagerace.model;

import dev.pagerace.lang.Pos;
import java.util.ArrayList;
import java.util.List;

/**
 * The call stack of a task as an immutable linked list, so a {@link Site} can
 * keep it without copying. The root is the task body ({@code calledFrom} null).
 * A value: equal when path, call site and callers are.
 */
public final class CallChain {
    private final String path;
    private final Pos calledFrom;
    private final CallChain caller;
    /** {@code task NAME} or {@code path()}, made at first use (reports ask for it on every dependency). */
    private String label;
    /** {indent, callers text}: every site of a frame shares its callers' lines. */
    private String[] callers;

    public CallChain(String path, Pos calledFrom, CallChain caller) {
        this.path = path;
        this.calledFrom = calledFrom;
        this.caller = caller;
    }

    public static CallChain root(String task) { return new CallChain(task, null, null); }

    public CallChain push(String callee, Pos at) { return new CallChain(callee, at, this); }

    public String path() { return path; }

    public Pos calledFrom() { return calledFrom; }

    public CallChain caller() { return caller; }

    /** This frame as stacks and sites print it: {@code task fallocator} for the body, else {@code writeout()}. */
    public String label() {
        String l = label;
        if (l == null) label = l = caller == null ? "task " + path : path + "()";
        return l;
    }

    /**
     * The stack lines above this frame, innermost first: each caller's call
     * site and label ({@code    actors/shmem.kp:88  fallocate()}), one per line.
     */
    public String callers(String indent) {
        String[] c = callers;
        if (c != null && c[0].equals(indent)) return c[1];
        String text = caller == null ? "" : indent + calledFrom.where() + "  " + caller.label() + "\n" + caller.callers(indent);
        callers = new String[] {indent, text};
        return text;
    }

    @Override public boolean equals(Object o) {
        return o instanceof CallChain c && path.equals(c.path) && java.util.Objects.equals(calledFrom, c.calledFrom)
            && java.util.Objects.equals(caller, c.caller);
    }

    @Override public int hashCode() { return java.util.Objects.hash(path, calledFrom, caller); }

    @Override public String toString() { return arrow(); }

    public int depth() {
        int d = 0;
        for (CallChain c = this; c.caller != null; c = c.caller) d++;
        return d;
    }

    /** Innermost first: {@code writeout() <- reclaim() <- get_folio() <- fallocate() <- task fallocator}. */
    public String arrow() {
        StringBuilder b = new StringBuilder();
        for (CallChain c = this; c != null; c = c.caller) {
            if (b.length() > 0) b.append(" <- ");
            b.append(c.label());
        }
        return b.toString();
    }

    /** Frames innermost first, each with where it was called from. */
    public List<CallChain> frames() {
        List<CallChain> out = new ArrayList<>();
        for (CallChain c = this; c != null; c = c.caller) out.add(c);
        return out;
    }
}
