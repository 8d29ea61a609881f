package dev.pagerace.lang;

import java.util.Objects;

/**
 * A position in a source file (1-based line and column). A value (equal
 * when file, line and column are), with its {@link #where()} text made once:
 * reports and oracles ask for it on every lock dependency and wait.
 */
public final class Pos {
    private final Source source;
    private final int line;
    private final int col;
    /** Made at first use; a race makes it twice, never wrong (a String is immutable). */
    private String where;

    public Pos(Source source, int line, int col) {
        this.source = source;
        this.line = line;
        this.col = col;
    }

    public Source source() { return source; }

    public int line() { return line; }

    public int col() { return col; }

    /** {@code file:line}, the form used in traces and lockdep-style reports. */
    public String where() {
        String w = where;
        if (w == null) where = w = source.displayName() + ":" + line;
        return w;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Pos p && line == p.line && col == p.col && Objects.equals(source, p.source);
    }

    @Override public int hashCode() { return Objects.hash(source, line, col); }

    @Override public String toString() { return source.displayName() + ":" + line + ":" + col; }
}
