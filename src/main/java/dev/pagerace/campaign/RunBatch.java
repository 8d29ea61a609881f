package dev.pagerace.campaign;

import akka.actor.typed.ActorRef;

/**
 * Runs seeds {@code firstSeed .. firstSeed+count-1} of one variant: sent by
 * the campaign driver to the sharded batch entity {@code batchId}.
 * {@code set} is a sweep point's task counts ({@code faulter=4}, "" for the
 * scenario's own), applied when the worker compiles the variant.
 */
public record RunBatch(String batchId, ScenarioBundle scenario, String variant, String strategy, long firstSeed, int count,
                       ActorRef<BatchDone> replyTo, String set) implements BatchWorker.Command, CrossNode {
    /** A batch at the scenario's own task counts. */
    public RunBatch(String batchId, ScenarioBundle scenario, String variant, String strategy, long firstSeed, int count, ActorRef<BatchDone> replyTo) {
        this(batchId, scenario, variant, strategy, firstSeed, count, replyTo, "");
    }
}
