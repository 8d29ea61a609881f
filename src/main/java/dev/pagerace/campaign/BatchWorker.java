package dev.pagerace.campaign;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import dev.pagerace.engine.ActorEngine;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Compiler;
import dev.pagerace.lang.ScenarioException;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sharded entity per batch of seeds. It compiles the shipped scenario
 * (once per node and hash), runs the batch's seeds as actor runs on this
 * node's cores, and answers every request for the batch with the same
 * outcome: a batch asked for twice (a retry after a timeout) is run once.
 */
public final class BatchWorker {
    public sealed interface Command permits RunBatch, Finished {}

    /** The batch's runs are done (local only). */
    public record Finished(BatchOutcome outcome, String error) implements Command {}

    public static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "pagerace-batch");

    /** Nodes with this role host batch entities; a driver without it only sends to them. */
    public static final String WORKER_ROLE = "worker";

    private BatchWorker() {}

    public static void init(ActorSystem<?> system, ActorEngine engine) {
        // compiled programs by scenario hash, shared by this node's batch entities
        Map<String, Map<String, Program>> programs = new ConcurrentHashMap<>();
        ClusterSharding.get(system).init(Entity.of(KEY, ctx -> create(engine, programs)).withRole(WORKER_ROLE));
    }

    static Behavior<Command> create(ActorEngine engine, Map<String, Map<String, Program>> programs) {
        return Behaviors.setup(ctx -> {
            int maxSchedule = CampaignSettings.of(ctx.getSystem().settings().config()).maxScheduleChars();
            List<ActorRef<BatchDone>> waiting = new ArrayList<>();
            BatchDone[] done = new BatchDone[1];
            String[] id = new String[1];
            return Behaviors.receive(Command.class)
                .onMessage(RunBatch.class, req -> {
                    if (done[0] != null) {
                        req.replyTo().tell(done[0]);
                        return Behaviors.same();
                    }
                    waiting.add(req.replyTo());
                    if (waiting.size() > 1) return Behaviors.same(); // already running
                    id[0] = req.batchId();
                    Program p;
                    StrategySpec strategy;
                    try {
                        p = program(req, programs);
                        // the spec text carries pct's parameters; resolving is a no-op when the driver fixed k
                        strategy = StrategySpec.parse(req.strategy()).resolve(p);
                    } catch (ScenarioException | IllegalArgumentException e) { // a bad set text is IllegalArgumentException too
                        ctx.getSelf().tell(new Finished(null, e.getMessage()));
                        return Behaviors.same();
                    }
                    ctx.pipeToSelf(engine.runManyAsync(p, strategy::create, req.firstSeed(), req.count()),
                        (List<RunResult> runs, Throwable err) -> err != null
                            ? new Finished(null, "runs failed: " + err)
                            : new Finished(BatchOutcome.of(req.batchId(), req.strategy(), req.firstSeed(), runs, maxSchedule), null));
                    return Behaviors.same();
                })
                .onMessage(Finished.class, f -> {
                    done[0] = new BatchDone(id[0], f.outcome(), f.error());
                    for (ActorRef<BatchDone> r : waiting) r.tell(done[0]);
                    waiting.clear();
                    return Behaviors.same();
                })
                .build();
        });
    }

    private static Program program(RunBatch req, Map<String, Map<String, Program>> cache) throws ScenarioException {
        // a sweep point compiles the same text with other task counts: cached apart
        String set = req.set() == null ? "" : req.set();
        String key = req.scenario().hash() + (set.isEmpty() ? "" : " " + set);
        Map<String, Program> programs = cache.get(key);
        if (programs == null) {
            programs = Compiler.compileAll(req.scenario().load(), Sweep.counts(set));
            cache.put(key, programs);
        }
        Program p = programs.get(req.variant());
        if (p == null) throw new IllegalArgumentException("no variant " + req.variant());
        return p;
    }
}
