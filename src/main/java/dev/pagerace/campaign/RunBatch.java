package dev.pagerace.campaign;

import akka.actor.typed.ActorRef;

/**
 * Runs seeds {@code firstSeed .. firstSeed+count-1} of one variant: sent by
 * the campaign driver to the sharded batch entity {@code batchId}.
 */
public record RunBatch(String batchId, ScenarioBundle scenario, String variant, String strategy, long firstSeed, int count,
                       ActorRef<BatchDone> replyTo) implements BatchWorker.Command, CrossNode {}
