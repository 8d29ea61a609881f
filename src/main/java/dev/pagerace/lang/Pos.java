package dev.pagerace.lang;

/** A position in a source file (1-based line and column). */
public record Pos(Source source, int line, int col) {
    /** {@code file:line}, the form used in traces and lockdep-style reports. */
    public String where() { return source.displayName() + ":" + line; }

    @Override public String toString() { return source.displayName() + ":" + line + ":" + col; }
}
