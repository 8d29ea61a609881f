package dev.pagerace.model;

/**
 * The pure core of one actor of a run (task, lock, page slot, inode, wait
 * queue, block pool). It handles one message at a time and says, through
 * {@link Effects}, what it sends and what happened. No Akka here: the actor
 * shells and the actor-less runner call this same method.
 */
public interface ModelObject {
    void deliver(Envelope env, RunServices rs, Effects fx);

    /**
     * A deep copy that shares nothing mutable with this one, for the
     * exhaustive search: a delivery changes only its target, so a search
     * state copies the one object it delivers to and shares the rest.
     */
    default ModelObject copy() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be copied: dfs cannot explore it");
    }

    /** Feeds everything of this object that can influence the run's future to {@code f} (see {@link Fingerprint}). */
    default void fingerprint(Fingerprint f) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no fingerprint: dfs cannot explore it");
    }
}
