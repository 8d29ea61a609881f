package dev.pagerace.engine;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import java.util.ArrayDeque;

/**
 * The actor engine's guardian: a pool of {@link RunActor}s, each running one
 * run at a time. A run goes to a free run actor, to a new one while the pool
 * is below its size, or waits its turn. Which run actor runs a run never
 * shows in the run: each run's objects get fresh cores.
 *
 * <p>The pool is bounded (a few run actors per core): that bounds the runs in
 * flight whatever the callers send, and lets run actors keep their object
 * actors from run to run. A run actor whose run failed inside pagerace stops;
 * the pool forgets it and makes another when needed.
 */
final class RunPool extends AbstractBehavior<RunPool.Msg> {
    interface Msg {}

    /** A run actor finished its run. */
    record Free(ActorRef<RunActor.Command> actor) implements Msg {}

    private final int size;
    private int live;
    private final ArrayDeque<ActorRef<RunActor.Command>> free = new ArrayDeque<>();
    private final ArrayDeque<ActorEngine.StartRun> waiting = new ArrayDeque<>();

    static Behavior<Msg> create(int size) {
        return Behaviors.setup(ctx -> new RunPool(ctx, size));
    }

    private RunPool(ActorContext<Msg> ctx, int size) {
        super(ctx);
        this.size = Math.max(1, size);
    }

    @Override public Receive<Msg> createReceive() {
        return newReceiveBuilder()
            .onMessage(ActorEngine.StartRun.class, this::start)
            .onMessage(ActorEngine.StartRuns.class, this::startAll)
            .onMessage(Free.class, this::free)
            .onSignal(Terminated.class, this::gone)
            .build();
    }

    private Behavior<Msg> start(ActorEngine.StartRun s) {
        ActorRef<RunActor.Command> a = free.pollLast();
        if (a == null && live < size) a = spawn();
        if (a == null) waiting.addLast(s);
        else a.tell(new RunActor.Begin(s));
        return this;
    }

    /**
     * A batch: a collector gathers its results in seed order and answers once;
     * its runs queue like single ones, so batches and single runs share the
     * pool fairly in arrival order.
     */
    private Behavior<Msg> startAll(ActorEngine.StartRuns b) {
        ActorRef<RunResult> collector = getContext().spawnAnonymous(collector(b), akka.actor.typed.DispatcherSelector.sameAsParent());
        for (int i = 0; i < b.count(); i++) {
            long seed = b.first() + i;
            start(new ActorEngine.StartRun(b.program(), b.strategies().apply(seed), seed, b.tracing(), collector));
        }
        return this;
    }

    /** Gathers a batch's runs by seed, shows each to the batch's onResult, answers with all of them, and stops. */
    private static Behavior<RunResult> collector(ActorEngine.StartRuns b) {
        return Behaviors.setup(ctx -> {
            RunResult[] results = new RunResult[b.count()];
            int[] left = {b.count()};
            return Behaviors.receiveMessage(r -> {
                results[(int) (r.seed() - b.first())] = r;
                if (b.onResult() != null) b.onResult().accept(r);
                if (--left[0] > 0) return Behaviors.same();
                b.replyTo().tell(new java.util.ArrayList<>(java.util.Arrays.asList(results)));
                return Behaviors.stopped();
            });
        });
    }

    private Behavior<Msg> free(Free f) {
        ActorEngine.StartRun next = waiting.pollFirst();
        if (next != null) f.actor().tell(new RunActor.Begin(next));
        else free.addLast(f.actor());
        return this;
    }

    private Behavior<Msg> gone(Terminated t) {
        live--;
        free.remove(t.getRef());
        ActorEngine.StartRun next = waiting.pollFirst();
        if (next != null) spawn().tell(new RunActor.Begin(next));
        return this;
    }

    private ActorRef<RunActor.Command> spawn() {
        ActorRef<RunActor.Command> a = getContext().spawnAnonymous(RunActor.pooled(getContext().getSelf()),
            akka.actor.typed.DispatcherSelector.sameAsParent());
        getContext().watch(a);
        live++;
        return a;
    }
}
