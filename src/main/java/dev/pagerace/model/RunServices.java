package dev.pagerace.model;

import dev.pagerace.program.ChoiceKind;

/**
 * What a run lends the object it is delivering to, for the duration of that
 * one delivery: the strategy's choices and fresh ids. Safe to share because a
 * run has exactly one active object at a time.
 */
public interface RunServices {
    /** An index in {@code [0, n)} decided by the run's strategy and recorded in its schedule. */
    int choose(ChoiceKind kind, int n);

    /** A run-unique id for a new page, swap entry or piece of data. */
    long newId();
}
