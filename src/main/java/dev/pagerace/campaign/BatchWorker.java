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
            FrameLimit frames = new FrameLimit(ctx.getSystem());
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
                        p = program(req.scenario(), req.variant(), req.set(), programs);
                        // the spec text carries pct's parameters; resolving is a no-op when the driver fixed k
                        strategy = StrategySpec.parse(req.strategy()).resolve(p);
                    } catch (ScenarioException | IllegalArgumentException e) { // a bad set text is IllegalArgumentException too
                        ctx.getSelf().tell(new Finished(null, e.getMessage()));
                        return Behaviors.same();
                    } catch (Throwable e) {
                        // an internal error (a StackOverflowError compiling): answer now instead of stopping the entity,
                        // which would leave the driver to resend the batch at every batch timeout, max-attempts times
                        ctx.getSelf().tell(new Finished(null, "internal error preparing the batch: " + e));
                        return Behaviors.same();
                    }
                    ctx.pipeToSelf(engine.runManyAsync(p, strategy::create, req.firstSeed(), req.count()),
                        (List<RunResult> runs, Throwable err) -> {
                            if (err != null) return new Finished(null, "runs failed: " + err);
                            try {
                                return new Finished(BatchOutcome.of(req.batchId(), req.strategy(), req.firstSeed(), runs, maxSchedule), null);
                            } catch (Throwable e) {
                                return new Finished(null, "internal error summing up the batch: " + e);
                            }
                        });
                    return Behaviors.same();
                })
                .onMessage(Finished.class, f -> {
                    done[0] = new BatchDone(id[0], f.outcome(), f.error());
                    if (f.outcome() != null && waiting.stream().anyMatch(r -> r.path().address().hasGlobalScope())) {
                        // an answer over Artery's frame would be dropped on the way, and the driver would resend the batch
                        // at every timeout: say why instead (the driver stops with exit 3)
                        String why = frames.tooLarge(done[0], "the outcome of batch " + id[0] + " (" + f.outcome().count() + " runs, "
                            + f.outcome().found().size() + " not clean)", "lower --batch-size, or raise " + FrameLimit.SETTING + " on every node");
                        if (why != null) done[0] = new BatchDone(id[0], null, why);
                    }
                    for (ActorRef<BatchDone> r : waiting) r.tell(done[0]);
                    waiting.clear();
                    return Behaviors.same();
                })
                .build();
        });
    }

    /** The shipped scenario's variant (at a sweep point's task counts when {@code set} is not empty), compiled once per node. */
    static Program program(ScenarioBundle scenario, String variant, String set, Map<String, Map<String, Program>> cache) throws ScenarioException {
        // a sweep point compiles the same text with other task counts: cached apart
        String s = set == null ? "" : set;
        String key = scenario.hash() + (s.isEmpty() ? "" : " " + s);
        Map<String, Program> programs = cache.get(key);
        if (programs == null) {
            programs = Compiler.compileAll(scenario.load(), Sweep.counts(s));
            cache.put(key, programs);
        }
        Program p = programs.get(variant);
        if (p == null) throw new IllegalArgumentException("no variant " + variant);
        return p;
    }
}
