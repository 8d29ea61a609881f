package dev.pagerace.oracle;

import java.util.List;

/**
 * What a run can report against the kernel protocol (SPEC §4). A sealed type:
 * kinds are compared by type, never by string. Fields are plain text and
 * numbers so a violation can travel between nodes and into result files.
 */
public sealed interface Violation {
    /** The kind as written in {@code expect} lines: {@code deadlock}, {@code assert}, ... */
    String kind();

    /** One line for tables and progress output. */
    String headline();

    /** A lock (or page lock) a task holds, and where it took it. */
    record Holding(String task, String resource, String cls, String mode, String where, String stack) {}

    /** A blocked task: what it waits for, where, why, and what it holds meanwhile. */
    record Waiting(String task, String resource, String cls, String mode, String where, String stack, String why,
                   List<Holding> holders, List<Holding> held) {}

    /**
     * A wait-for cycle ({@code cycle} non-empty, in order: each task waits for
     * the next; one task waiting for itself is the self-deadlock), or a stall:
     * nothing is deliverable while tasks are unfinished ({@code cycle} empty,
     * every blocked task in {@code blocked}).
     */
    record Deadlock(long step, List<Waiting> cycle, List<Waiting> blocked) implements Violation {
        public String kind() { return "deadlock"; }

        public boolean stall() { return cycle.isEmpty(); }

        public String headline() {
            if (stall()) {
                return "deadlock: nothing can run; " + String.join(", ", blocked.stream().map(w -> w.task() + " on " + w.resource()).toList());
            }
            if (cycle.size() == 1) {
                Waiting w = cycle.get(0);
                return "deadlock: " + w.task() + " waits for " + w.resource() + " (" + w.mode() + ") which it holds itself";
            }
            return "deadlock: cycle " + String.join(" -> ", cycle.stream().map(w -> w.task() + " [" + w.resource() + "]").toList());
        }
    }

    /** A scenario {@code assert} failed. */
    record AssertFailure(String task, String message, String where, String stack) implements Violation {
        public String kind() { return "assert"; }

        public String headline() { return "assert failed in " + task + " at " + where + ": " + message; }
    }
}
