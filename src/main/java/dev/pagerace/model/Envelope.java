package dev.pagerace.model;

/**
 * A message in the scheduler's pending set: to which object, on behalf of
 * which task, and its sequence number (the order it was sent in, which is the
 * only order the scheduler ever relies on).
 */
public record Envelope(long seq, int to, int task, Msg msg) {}
