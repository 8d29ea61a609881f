package dev.pagerace.cli;

import dev.pagerace.engine.dfs.Explorer;
import dev.pagerace.engine.dfs.MemoryGuard;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Progress lines on stderr for a long exhaustive search, so that one does
 * not look hung: the first after {@link #FIRST_NANOS}, then one every
 * {@link #EVERY_NANOS}. The wall clock decides only when a line is printed;
 * nothing the search computes reads it.
 */
final class SearchProgressLines implements Consumer<Explorer.Progress> {
    static final long FIRST_NANOS = 5_000_000_000L, EVERY_NANOS = 10_000_000_000L;
    private final PrintWriter err;
    private final String name;
    private final long t0 = System.nanoTime();
    private long next = t0 + FIRST_NANOS;

    SearchProgressLines(PrintWriter err, String name) {
        this.err = err;
        this.name = name;
    }

    @Override public void accept(Explorer.Progress p) {
        long now = System.nanoTime();
        if (now < next) return;
        next = now + EVERY_NANOS;
        err.println(line(name, p, (now - t0) / 1e9));
        err.flush();
    }

    static String line(String name, Explorer.Progress p, double seconds) {
        Runtime rt = Runtime.getRuntime();
        String where = p.breadthFirst()
            ? String.format("level %,d, %,d states found for the next", p.depth(), p.frontier())
            : String.format("stack %,d deep", p.depth());
        return String.format("%s %s: %,d states, %,d transitions, %s; heap %.1f of %.1f GiB in use; %.0f s",
            p.breadthFirst() ? "bfs" : "dfs", name, p.states(), p.transitions(), where, gib(rt.totalMemory() - rt.freeMemory()), gib(rt.maxMemory()),
            seconds);
    }

    /** What a search stopped by the memory bound prints under its verdict. */
    static String memoryNote(long states) {
        return String.format("the memory bound stopped the search: more than %.0f %% of the %.1f GiB heap held live search states. "
                + "--max-states %d stops at the same place, with a heap that lets it get there; PAGERACE_JAVA_OPTS=-Xmx<size> gives the search more heap",
            MemoryGuard.DEFAULT_SHARE * 100, gib(Runtime.getRuntime().maxMemory()), states);
    }

    private static double gib(long bytes) { return bytes / (double) (1L << 30); }
}
