package dev.pagerace.model;

import dev.pagerace.lang.Pos;

/**
 * What an object reports to its run besides messages: the facts the oracles
 * and the reports work from. Events never influence the run itself.
 */
public sealed interface Event {
    /** {@code task} now holds {@code resource} (a lock or a page lock). */
    record Acquired(int task, String resource, String cls, Mode mode, Site site) implements Event {}

    record Released(int task, String resource, Mode mode) implements Event {}

    /**
     * {@code task} is blocked on {@code resource}, waiting for the tasks in
     * {@code waitsFor} (holders and conflicting waiters ahead of it; empty for
     * a wait queue, whose waker is not known in advance).
     */
    record Blocked(int task, String resource, Mode mode, Site site, String why, int[] waitsFor) implements Event {}

    /** The tasks a blocked task waits for changed (a holder left, a waiter ahead was granted). */
    record WaitEdges(int task, int[] waitsFor, String why) implements Event {}

    /** A blocked task was granted or woken: a message to it is now pending. */
    record Unblocked(int task) implements Event {}

    record OpBegin(int task, String op) implements Event {}

    record OpEnd(int task, String op) implements Event {}

    record TaskDone(int task) implements Event {}

    record AssertFailed(int task, String message, Site site) implements Event {}

    /** The scenario itself is wrong (see {@link dev.pagerace.program.ModelError}). */
    record ModelFault(int task, String message, Pos pos) implements Event {}
}
