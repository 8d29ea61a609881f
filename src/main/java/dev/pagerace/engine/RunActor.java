package dev.pagerace.engine;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.ModelObject;
import dev.pagerace.program.Program;

/**
 * Runs runs, one at a time: spawns an actor per object of the run, then
 * delivers one message at a time, chosen by {@link RunCore}. Each delivery
 * is a round trip (the object answers with its effects before the next is
 * picked), so the order in which Akka's dispatcher runs things never
 * matters.
 *
 * <p>In the engine's pool ({@link RunPool}) a run actor lives for many runs:
 * after a run it tells the pool it is free, and keeps its object actors for
 * the next run of the same program, binding each to the new run's core at
 * its first delivery (see {@link ModelActor}). A run of another program
 * stops them and spawns its own. Made with {@link #create} it runs one run
 * and stops.
 */
public final class RunActor extends AbstractBehavior<RunActor.Command> {
    public sealed interface Command {}

    /** A child's answer to the current delivery. */
    public record Delivered(Effects effects) implements Command {}

    /** Run this run next (from the pool). */
    record Begin(ActorEngine.StartRun run) implements Command {}

    private final ActorRef<RunPool.Msg> pool;

    // kept from run to run of one program
    private Program program;
    private ActorRef<ModelActor.Deliver>[] children;
    private int generation;

    // this run
    private ActorEngine.StartRun run;
    private RunCore core;
    private ModelObject[] objects;
    private boolean[] bound;
    private Envelope current;
    /** The run's one answer object, lent to each delivery in turn (see {@link ModelActor.Deliver}). */
    private Effects answer;

    /** A run actor for one run, which stops when the run ends. */
    public static Behavior<Command> create(Program program, Strategy strategy, long seed, boolean tracing, ActorRef<RunResult> replyTo) {
        return Behaviors.setup(ctx -> {
            RunActor a = new RunActor(ctx, null);
            ctx.getSelf().tell(new Begin(new ActorEngine.StartRun(program, strategy, seed, tracing, replyTo)));
            return a;
        });
    }

    /** A run actor of the pool: it reports to {@code pool} after each run. */
    static Behavior<Command> pooled(ActorRef<RunPool.Msg> pool) {
        return Behaviors.setup(ctx -> new RunActor(ctx, pool));
    }

    private RunActor(ActorContext<Command> ctx, ActorRef<RunPool.Msg> pool) {
        super(ctx);
        this.pool = pool;
    }

    private static String childName(int generation, int addr, String name) {
        StringBuilder b = new StringBuilder("g").append(generation).append("-o").append(addr).append('-');
        for (char c : name.toCharArray()) b.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        return b.toString();
    }

    @Override public Receive<Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(Begin.class, this::begin)
            .onMessage(Delivered.class, d -> guarded(d.effects()))
            .build();
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> begin(Begin b) {
        ActorEngine.StartRun s = b.run();
        try {
            if (s.program() != program) {
                // another program: its objects are other objects; the old actors go (names carry the generation,
                // so the new ones never meet a name still being released)
                if (children != null) for (ActorRef<ModelActor.Deliver> c : children) if (c != null) getContext().stop(c);
                program = s.program();
                children = new ActorRef[program.objectCount()];
                generation++;
            }
            run = s;
            core = new RunCore(s.program(), s.strategy(), s.seed(), s.tracing());
            objects = RunCore.createObjects(s.program());
            bound = new boolean[objects.length];
            answer = new Effects(s.tracing());
        } catch (Throwable t) {
            // a run that cannot even be set up answers at once too, rather than never
            s.replyTo().tell(bare(s, new Outcome.ModelFault("?", "internal error starting the run: " + t, "?")));
            return finished();
        }
        return guarded(null);
    }

    /**
     * Applies an answer and sends the next delivery; any Throwable from the
     * core (a strategy, an oracle, an Error) ends the run now with an
     * internal-error fault, and this actor with it (its state is no longer
     * trusted). Left to Akka, it would stop this actor without an answer,
     * and the run's caller (a batch) would wait for the one-hour ask timeout.
     */
    private Behavior<Command> guarded(Effects answer) {
        try {
            if (answer != null) core.apply(current, answer);
            return deliverNext();
        } catch (Throwable t) {
            run.replyTo().tell(failed(t));
            return Behaviors.stopped();
        }
    }

    /** The run so far, ended as a model fault that names the internal error. */
    private RunResult failed(Throwable t) {
        Outcome fault = new Outcome.ModelFault(current == null ? "?" : run.program().name(current.task()),
            "internal error in the run: " + t, "?");
        try {
            RunResult r = core.result();
            return new RunResult(r.scenario(), r.variant(), r.strategy(), r.seed(), fault, r.steps(), r.schedule(), r.trace(),
                r.lockEdges(), r.opTimes(), r.violations(), r.lockUse());
        } catch (Throwable again) {
            // the core cannot even say where it was: the bare fault, with no schedule to replay
            return bare(run, fault);
        }
    }

    private static RunResult bare(ActorEngine.StartRun s, Outcome fault) {
        return new RunResult(s.program().scenario(), s.program().variant(), s.strategy().name(), s.seed(), fault, 0, new Schedule(), null,
            java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of());
    }

    private Behavior<Command> deliverNext() {
        current = core.next();
        if (current == null) {
            run.replyTo().tell(core.result());
            return finished();
        }
        int to = current.to();
        // an object's actor is spawned at its first delivery: a run of an inode with thousands of pages that
        // touches three of them spawns three slot actors, not thousands (its core exists from the start either
        // way, so the trace is the pure engine's)
        if (children[to] == null) {
            children[to] = getContext().spawn(ModelActor.create(objects[to]), childName(generation, to, program.name(to)),
                akka.actor.typed.DispatcherSelector.sameAsParent());
            bound[to] = true;
        }
        ModelObject bind = null;
        if (!bound[to]) {
            bind = objects[to];
            bound[to] = true;
        }
        children[to].tell(new ModelActor.Deliver(current, bind, core, answer, getContext().getSelf()));
        return this;
    }

    /** The run is over: free for the next one in the pool, else done. */
    private Behavior<Command> finished() {
        run = null;
        core = null;
        objects = null;
        bound = null;
        current = null;
        answer = null;
        if (pool == null) return Behaviors.stopped();
        pool.tell(new RunPool.Free(getContext().getSelf()));
        return this;
    }
}
