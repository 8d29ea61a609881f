package dev.pagerace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.pagerace.TestScenarios;
import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.Event;
import dev.pagerace.model.ModelObject;
import dev.pagerace.model.Msg;
import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An internal error in a run (an Error, not only a RuntimeException, from a
 * core, a strategy or an oracle) ends that run at once with a fault that
 * names it; nothing waits for the engine's one-hour ask timeout. The
 * @Timeout is only a guard against the old hang, far below that hour.
 */
class RunFailureTest {
    private static final ActorTestKit kit = ActorTestKit.create();

    @AfterAll static void shutdown() { kit.shutdownTestKit(); }

    private static final Program P = TestScenarios.one("""
        lock a mutex
        task t { lock a ; unlock a }
        task u { lock a ; unlock a }
        """);

    /** A strategy that fails with an Error on the n-th choice of a delivery. */
    private static Strategy failingAt(int n, Throwable error) {
        Strategy random = new RandomStrategy(1);
        return new Strategy() {
            int calls;
            @Override public String name() { return "failing"; }
            @Override public int choose(ChoiceKind kind, int k) { return random.choose(kind, k); }
            @Override public int chooseDelivery(java.util.List<Envelope> pending) {
                if (++calls == n) {
                    if (error instanceof Error e) throw e;
                    throw (RuntimeException) error;
                }
                return random.chooseDelivery(pending);
            }
        };
    }

    @Test @Timeout(30)
    void anErrorInAModelCoreFaultsTheDeliveryInsteadOfStoppingTheActor() {
        ModelObject broken = (env, rs, fx) -> {
            throw new StackOverflowError("deliberate");
        };
        ActorRef<ModelActor.Deliver> actor = kit.spawn(ModelActor.create(broken));
        TestProbe<Effects> probe = kit.createTestProbe();
        actor.tell(new ModelActor.Deliver(new Envelope(0, 0, 0, Msg.Start.INSTANCE), null, false, probe.getRef()::tell));
        Effects fx = probe.expectMessageClass(Effects.class);
        Event.ModelFault f = assertInstanceOf(Event.ModelFault.class, fx.events().get(0));
        assertTrue(f.message().contains("java.lang.StackOverflowError: deliberate"), f.message());
        // and the actor still answers the next delivery
        actor.tell(new ModelActor.Deliver(new Envelope(1, 0, 0, Msg.Start.INSTANCE), null, false, probe.getRef()::tell));
        probe.expectMessageClass(Effects.class);
    }

    @Test @Timeout(30)
    void anErrorInTheRunCoreEndsTheRunAtOnceAsAnInternalError() {
        try (ActorEngine engine = ActorEngine.start()) {
            for (Throwable t : new Throwable[] {new AssertionError("deliberate"), new IllegalStateException("deliberate")}) {
                RunResult r = engine.run(P, failingAt(2, t), 7, false);
                Outcome.ModelFault f = assertInstanceOf(Outcome.ModelFault.class, r.outcome());
                assertEquals("model_error", r.outcome().label());
                assertTrue(f.message().contains("internal error in the run: " + t), f.message());
                assertEquals(7, r.seed());
                assertTrue(r.steps() >= 1, "the run so far is kept: " + r.steps());
            }
        }
    }

    @Test @Timeout(30)
    void aRunThatCannotStartAnswersAtOnce() {
        Strategy unnamed = new Strategy() {
            @Override public String name() { return "unnamed"; }
            @Override public int choose(ChoiceKind kind, int n) { return 0; }
            @Override public boolean judgesLiveness() { throw new LinkageError("deliberate"); }
        };
        try (ActorEngine engine = ActorEngine.start()) {
            RunResult r = engine.run(P, unnamed, 3, false);
            Outcome.ModelFault f = assertInstanceOf(Outcome.ModelFault.class, r.outcome());
            assertTrue(f.message().contains("java.lang.LinkageError: deliberate"), f.message());
        }
    }
}
