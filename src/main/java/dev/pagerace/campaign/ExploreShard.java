package dev.pagerace.campaign;

import akka.actor.typed.ActorRef;
import dev.pagerace.engine.dfs.DfsOptions;

/**
 * Searches one subtree of an exhaustive search: the states below the path
 * {@code prefix} (see {@link dev.pagerace.engine.dfs.Prefix}) of one variant;
 * sent by a dfs campaign's driver to the sharded entity {@code shardId}.
 */
public record ExploreShard(String shardId, ScenarioBundle scenario, String variant, DfsOptions options, String prefix,
                           ActorRef<ShardDone> replyTo) implements ShardWorker.Command, CrossNode {}
