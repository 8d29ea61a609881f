package dev.pagerace.model;

import dev.pagerace.lang.Pos;

/** Where a task issued an operation: the scenario position and its call stack. */
public record Site(Pos pos, CallChain chain) {
    /** {@code actors/shmem.kp:40 in writeout()}. */
    public String where() {
        return pos.where() + " in " + chain.label();
    }

    /** One line per frame, innermost first, in the shape of a kernel stack dump. */
    public String stack(String indent) {
        StringBuilder b = new StringBuilder();
        b.append(indent).append(pos.where()).append("  ").append(chain.label()).append('\n');
        for (CallChain c = chain; c.caller() != null; c = c.caller()) {
            CallChain up = c.caller();
            b.append(indent).append(c.calledFrom().where()).append("  ").append(up.label()).append('\n');
        }
        return b.toString();
    }
}
