package dev.pagerace.campaign;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import dev.pagerace.engine.dfs.Explorer;
import dev.pagerace.engine.dfs.MemoryGuard;
import dev.pagerace.engine.dfs.Prefix;
import dev.pagerace.lang.ScenarioException;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A sharded entity per subtree of a distributed exhaustive search. It
 * searches its subtree on the pure cores (an exhaustive search copies states;
 * it has no actor runs to spread) on Akka's blocking dispatcher, and answers
 * every request for the subtree with the same result: a subtree asked for
 * twice (a retry) is searched once.
 */
public final class ShardWorker {
    public sealed interface Command permits ExploreShard, Finished {}

    /** The search is done (local only). */
    public record Finished(ShardResult result, String error) implements Command {}

    public static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "pagerace-dfs-shard");

    private ShardWorker() {}

    public static void init(ActorSystem<?> system) {
        Map<String, Map<String, Program>> programs = new ConcurrentHashMap<>();
        ClusterSharding.get(system).init(Entity.of(KEY, ctx -> create(programs)).withRole(BatchWorker.WORKER_ROLE));
    }

    static Behavior<Command> create(Map<String, Map<String, Program>> programs) {
        return Behaviors.setup(ctx -> {
            Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
            List<ActorRef<ShardDone>> waiting = new ArrayList<>();
            ShardDone[] done = new ShardDone[1];
            String[] id = new String[1];
            return Behaviors.receive(Command.class)
                .onMessage(ExploreShard.class, req -> {
                    if (done[0] != null) {
                        req.replyTo().tell(done[0]);
                        return Behaviors.same();
                    }
                    waiting.add(req.replyTo());
                    if (waiting.size() > 1) return Behaviors.same(); // already searching
                    id[0] = req.shardId();
                    Program p;
                    List<int[]> prefix;
                    try {
                        p = BatchWorker.program(req.scenario(), req.variant(), null, programs);
                        prefix = Prefix.decode(req.prefix(), (int) Math.min(Integer.MAX_VALUE, p.config().maxSteps()));
                    } catch (ScenarioException | IllegalArgumentException e) {
                        ctx.getSelf().tell(new Finished(null, e.getMessage()));
                        return Behaviors.same();
                    }
                    // the memory bound keeps a subtree too big for this node from taking the node down (and then each node the
                    // subtree is sent to next); a subtree it stops says so in its bounds. The driver's split has no memory
                    // bound: a resumed campaign must number the same subtrees
                    ctx.pipeToSelf(CompletableFuture.supplyAsync(
                            () -> ShardResult.of(new Explorer(p, req.options()).watch(MemoryGuard.heap(), x -> { }).explore(prefix)), blocking),
                        (ShardResult r, Throwable err) -> err != null ? new Finished(null, "search failed: " + err) : new Finished(r, null));
                    return Behaviors.same();
                })
                .onMessage(Finished.class, f -> {
                    done[0] = new ShardDone(id[0], f.result(), f.error());
                    for (ActorRef<ShardDone> r : waiting) r.tell(done[0]);
                    waiting.clear();
                    return Behaviors.same();
                })
                .build();
        });
    }
}
