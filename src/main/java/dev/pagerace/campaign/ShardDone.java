package dev.pagerace.campaign;

/** A subtree's search finished ({@code result}), or could not run on its worker ({@code error}). */
public record ShardDone(String shardId, ShardResult result, String error) implements CrossNode {}
