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
 */
public final class ModelActor {
    private ModelActor() {}

    /** One delivery; {@code services} are lent for its duration (one active actor per run). */
    public record Deliver(Envelope envelope, RunServices services, boolean tracing, ActorRef<RunActor.Command> replyTo) {}

    public static Behavior<Deliver> create(ModelObject core) {
        return Behaviors.receive(Deliver.class)
            .onMessage(Deliver.class, d -> {
                Effects fx = new Effects(d.tracing());
                try {
                    core.deliver(d.envelope(), d.services(), fx);
                } catch (Throwable e) {
                    // a bug of pagerace itself, an Error included (a StackOverflowError, an assertion): end the run with a
                    // clear fault now; an exception escaping here would stop this actor and leave the run waiting for an answer
                    // until the engine's one-hour ask timeout
                    fx = new Effects(d.tracing());
                    fx.fault(d.envelope().task(), null, "internal error in " + core.getClass().getSimpleName() + ": " + e);
                }
                d.replyTo().tell(new RunActor.Delivered(fx));
                return Behaviors.same();
            })
            .build();
    }
}
