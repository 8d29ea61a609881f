package dev.pagerace.engine;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.ModelObject;
import dev.pagerace.model.RunServices;

/**
 * The actor shell of every object of a run (task, lock, page slot, inode,
 * wait queue, block pool): it hands one delivery to its pure core and answers
 * the run actor with the effects. It never sends to another object itself.
 *
 * <p>A run actor keeps its object actors from one run to the next of the
 * same program (spawning and stopping them was most of a short run's cost):
 * the first delivery of a run to an object carries the run's fresh core
 * ({@code bind}), and the actor works on that core from then on.
 */
public final class ModelActor {
    private ModelActor() {}

    /**
     * One delivery; {@code services} are lent for its duration (one active actor per run), and so is
     * {@code answer}: the run's one Effects, which this actor empties, fills and sends back, as the
     * pure runner reuses one (a run has one delivery in flight, and its answer is applied before the next).
     * {@code bind}: the object's core for a new run, or null to keep the current one.
     */
    public record Deliver(Envelope envelope, ModelObject bind, RunServices services, Effects answer, ActorRef<RunActor.Command> replyTo) {
        public Deliver(Envelope envelope, RunServices services, boolean tracing, ActorRef<RunActor.Command> replyTo) {
            this(envelope, null, services, new Effects(tracing), replyTo);
        }
    }

    public static Behavior<Deliver> create(ModelObject initial) {
        ModelObject[] core = {initial}; // the actor's state: replaced only by a delivery that binds a new run's core
        return Behaviors.receive(Deliver.class)
            .onMessage(Deliver.class, d -> {
                if (d.bind() != null) core[0] = d.bind();
                Effects fx = d.answer();
                fx.clear();
                try {
                    core[0].deliver(d.envelope(), d.services(), fx);
                } catch (Throwable e) {
                    // a bug of pagerace itself, an Error included (a StackOverflowError, an assertion): end the run with a
                    // clear fault now; an exception escaping here would stop this actor and leave the run waiting for an answer
                    // until the engine's one-hour ask timeout
                    fx.clear();
                    fx.fault(d.envelope().task(), null, "internal error in " + core[0].getClass().getSimpleName() + ": " + e);
                }
                d.replyTo().tell(new RunActor.Delivered(fx));
                return Behaviors.same();
            })
            .build();
    }
}
