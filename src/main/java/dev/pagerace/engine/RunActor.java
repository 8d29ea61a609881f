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
 * One run: spawns an actor per object of the run, then delivers one message
 * at a time, chosen by {@link RunCore}. Each delivery is a round trip (the
 * object answers with its effects before the next is picked), so the order
 * in which Akka's dispatcher runs things never matters.
 */
public final class RunActor extends AbstractBehavior<RunActor.Command> {
    public sealed interface Command {}

    /** A child's answer to the current delivery. */
    public record Delivered(Effects effects) implements Command {}

    private enum Kick implements Command { INSTANCE }

    private final RunCore core;
    private final Program program;
    private final Strategy strategy;
    private final long seed;
    private final ActorRef<ModelActor.Deliver>[] children;
    private final ActorRef<RunResult> replyTo;
    private Envelope current;
    private final ModelObject[] objects;

    public static Behavior<Command> create(Program program, Strategy strategy, long seed, boolean tracing, ActorRef<RunResult> replyTo) {
        return Behaviors.setup(ctx -> {
            try {
                return new RunActor(ctx, program, strategy, seed, tracing, replyTo);
            } catch (Throwable t) {
                // a run that cannot even be set up answers at once too, rather than never
                replyTo.tell(bare(program, strategy, seed, new Outcome.ModelFault("?", "internal error starting the run: " + t, "?")));
                return Behaviors.stopped();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private RunActor(ActorContext<Command> ctx, Program program, Strategy strategy, long seed, boolean tracing, ActorRef<RunResult> replyTo) {
        super(ctx);
        this.program = program;
        this.strategy = strategy;
        this.seed = seed;
        this.replyTo = replyTo;
        this.core = new RunCore(program, strategy, seed, tracing);
        this.objects = RunCore.createObjects(program);
        this.children = new ActorRef[objects.length];
        ctx.getSelf().tell(Kick.INSTANCE);
    }

    private static String childName(int addr, String name) {
        StringBuilder b = new StringBuilder("o").append(addr).append('-');
        for (char c : name.toCharArray()) b.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        return b.toString();
    }

    @Override public Receive<Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(Kick.class, k -> guarded(null))
            .onMessage(Delivered.class, d -> guarded(d.effects()))
            .build();
    }

    /**
     * Applies an answer and sends the next delivery; any Throwable from the
     * core (a strategy, an oracle, an Error) ends the run now with an
     * internal-error fault. Left to Akka, it would stop this actor without an
     * answer, and the run's caller (a batch) would wait for the one-hour ask
     * timeout.
     */
    private Behavior<Command> guarded(Effects answer) {
        try {
            if (answer != null) core.apply(current, answer);
            return deliverNext();
        } catch (Throwable t) {
            replyTo.tell(failed(t));
            return Behaviors.stopped();
        }
    }

    /** The run so far, ended as a model fault that names the internal error. */
    private RunResult failed(Throwable t) {
        Outcome fault = new Outcome.ModelFault(current == null ? "?" : program.name(current.task()),
            "internal error in the run: " + t, "?");
        try {
            RunResult r = core.result();
            return new RunResult(r.scenario(), r.variant(), r.strategy(), r.seed(), fault, r.steps(), r.schedule(), r.trace(),
                r.lockEdges(), r.opTimes(), r.violations(), r.lockUse());
        } catch (Throwable again) {
            // the core cannot even say where it was: the bare fault, with no schedule to replay
            return bare(program, strategy, seed, fault);
        }
    }

    private static RunResult bare(Program program, Strategy strategy, long seed, Outcome fault) {
        return new RunResult(program.scenario(), program.variant(), strategy.name(), seed, fault, 0, new Schedule(), null,
            java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of());
    }

    private Behavior<Command> deliverNext() {
        current = core.next();
        if (current == null) {
            replyTo.tell(core.result());
            return Behaviors.stopped();
        }
        int to = current.to();
        // an object's actor is spawned at its first delivery: a run of an inode with thousands of pages that
        // touches three of them spawns three slot actors, not thousands (its core exists from the start either
        // way, so the trace is the pure engine's)
        if (children[to] == null) children[to] = getContext().spawn(ModelActor.create(objects[to]), childName(to, core.program().name(to)));
        children[to].tell(new ModelActor.Deliver(current, core, core.tracing(), getContext().getSelf()));
        return this;
    }
}
