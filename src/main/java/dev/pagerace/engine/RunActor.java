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
    private final ActorRef<ModelActor.Deliver>[] children;
    private final ActorRef<RunResult> replyTo;
    private Envelope current;
    private final ModelObject[] objects;

    public static Behavior<Command> create(Program program, Strategy strategy, long seed, boolean tracing, ActorRef<RunResult> replyTo) {
        return Behaviors.setup(ctx -> new RunActor(ctx, program, strategy, seed, tracing, replyTo));
    }

    @SuppressWarnings("unchecked")
    private RunActor(ActorContext<Command> ctx, Program program, Strategy strategy, long seed, boolean tracing, ActorRef<RunResult> replyTo) {
        super(ctx);
        this.core = new RunCore(program, strategy, seed, tracing);
        this.replyTo = replyTo;
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
            .onMessage(Kick.class, k -> deliverNext())
            .onMessage(Delivered.class, d -> {
                core.apply(current, d.effects());
                return deliverNext();
            })
            .build();
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
