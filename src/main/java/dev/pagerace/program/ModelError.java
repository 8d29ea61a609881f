package dev.pagerace.program;

import dev.pagerace.lang.Pos;

/**
 * A fault of the scenario itself found while running (unlocking a lock not
 * held, deleting an unlocked page, call depth over the limit): a bug in the
 * model, reported apart from kernel violations.
 */
public final class ModelError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Pos pos;

    public ModelError(Pos pos, String message) {
        super(message, null, false, false);
        this.pos = pos;
    }

    public Pos pos() { return pos; }

    public String where() { return pos == null ? "?" : pos.toString(); }
}
