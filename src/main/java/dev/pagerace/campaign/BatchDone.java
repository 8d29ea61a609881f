package dev.pagerace.campaign;

/** A batch's answer: its outcome, or why the worker could not run it. */
public record BatchDone(String batchId, BatchOutcome outcome, String error) implements CrossNode {}
