package dev.pagerace.model;

/**
 * The pure core of one actor of a run (task, lock, page slot, inode, wait
 * queue, block pool). It handles one message at a time and says, through
 * {@link Effects}, what it sends and what happened. No Akka here: the actor
 * shells and the actor-less runner call this same method.
 */
public interface ModelObject {
    void deliver(Envelope env, RunServices rs, Effects fx);
}
