package dev.pagerace.model;

import dev.pagerace.lang.Pos;
import java.util.ArrayList;
import java.util.List;

/**
 * The call stack of a task as an immutable linked list, so a {@link Site} can
 * keep it without copying. The root is the task body ({@code calledFrom} null).
 */
public record CallChain(String path, Pos calledFrom, CallChain caller) {

    public static CallChain root(String task) { return new CallChain(task, null, null); }

    public CallChain push(String callee, Pos at) { return new CallChain(callee, at, this); }

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
            b.append(c.caller == null ? "task " + c.path : c.path + "()");
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
