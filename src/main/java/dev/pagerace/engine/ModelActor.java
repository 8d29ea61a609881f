package dev.pagerace.engine;

import akka.actor.typed.Behavior;
import akka.actor.typed.ExtensibleBehavior;
import akka.actor.typed.Signal;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;
import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.ModelObject;
import dev.pagerace.model.RunServices;

/**
 * The actor shell of every object of a run (task, lock, page slot, inode,
 * wait queue, block pool, LRU): it hands one delivery to its pure core and
 * hands the effects to the delivery's {@link Next}, the run's scheduler,
 * which applies them and sends the run's next delivery. It never chooses a
 * receiver itself.
 *
 * <p>A run actor keeps its object actors from one run to the next of the
 * same program (spawning and stopping them was most of a short run's cost):
 * the first delivery of a run to an object carries the run's fresh core
 * ({@code bind}), and the actor works on that core from then on.
 *
 * <p>A plain {@link ExtensibleBehavior}: one message type and nothing to
 * match, where Akka's receive builder tested every delivery against a list
 * of cases.
 */
public final class ModelActor extends ExtensibleBehavior<ModelActor.Deliver> {
    /** What follows a delivery: its effects go here, on the object actor's turn (see {@link RunActor}). */
    @FunctionalInterface
    public interface Next {
        void delivered(Effects effects);
    }

    /**
     * One delivery; {@code services} are lent for its duration (one active actor per run), and so is
     * {@code answer}: the run's one Effects, which this actor empties, fills and passes on, as the
     * pure runner reuses one (a run has one delivery in flight, and its answer is applied before the next).
     * {@code bind}: the object's core for a new run, or null to keep the current one.
     */
    public record Deliver(Envelope envelope, ModelObject bind, RunServices services, Effects answer, Next next) {
        public Deliver(Envelope envelope, RunServices services, boolean tracing, Next next) {
            this(envelope, null, services, new Effects(tracing), next);
        }
    }

    /** The actor's state: replaced only by a delivery that binds a new run's core. */
    private ModelObject core;

    private ModelActor(ModelObject initial) {
        this.core = initial;
    }

    public static Behavior<Deliver> create(ModelObject initial) {
        return new ModelActor(initial);
    }

    @Override public Behavior<Deliver> receive(TypedActorContext<Deliver> ctx, Deliver d) {
        if (d.bind() != null) core = d.bind();
        Effects fx = d.answer();
        fx.clear();
        try {
            core.deliver(d.envelope(), d.services(), fx);
        } catch (Throwable e) {
            // a bug of pagerace itself, an Error included (a StackOverflowError, an assertion): end the run with a
            // clear fault now; an exception escaping here would stop this actor and leave the run waiting for its
            // next delivery until the engine's one-hour ask timeout
            fx.clear();
            fx.fault(d.envelope().task(), null, "internal error in " + core.getClass().getSimpleName() + ": " + e);
        }
        d.next().delivered(fx);
        return this;
    }

    @Override public Behavior<Deliver> receiveSignal(TypedActorContext<Deliver> ctx, Signal signal) {
        return Behaviors.unhandled();
    }
}
