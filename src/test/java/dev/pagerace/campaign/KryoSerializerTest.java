package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.ExtendedActorSystem;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializationExtension;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.TestScenarios;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What crosses nodes goes through Kryo with registration required, and comes back equal. */
class KryoSerializerTest {
    private static final ActorTestKit kit = ActorTestKit.create(ClusterNode.config(null, null, null)
        .withValue("akka.actor.provider", com.typesafe.config.ConfigValueFactory.fromAnyRef("local")));

    @AfterAll static void stop() { kit.shutdownTestKit(); }

    private static KryoSerializer serializer() {
        return new KryoSerializer((ExtendedActorSystem) Adapter.toClassic(kit.system()));
    }

    @Test void aBatchRequestAndItsOutcomeRoundTrip() throws Exception {
        KryoSerializer k = serializer();
        ScenarioBundle bundle = ScenarioBundle.read(java.nio.file.Path.of("scenarios/shmem-fallocate.kp"));
        TestProbe<BatchDone> probe = kit.createTestProbe();
        RunBatch req = new RunBatch("b1", bundle, "rfc-2026", "random", 10, 5, probe.getRef());
        RunBatch back = (RunBatch) k.fromBinary(k.toBinary(req), RunBatch.class);
        assertEquals(req.batchId(), back.batchId());
        assertEquals(bundle, back.scenario());
        assertEquals(probe.getRef(), back.replyTo(), "the actor ref resolves to the same actor");

        List<RunResult> runs = new ArrayList<>();
        var p = TestScenarios.file("scenarios/shmem-fallocate.kp", "rfc-2026");
        for (long s = 0; s < 5; s++) runs.add(PureRunner.run(p, new RandomStrategy(s), s, false));
        BatchOutcome out = BatchOutcome.of("b1", "random", 0, runs);
        BatchOutcome again = ((BatchDone) k.fromBinary(k.toBinary(new BatchDone("b1", out, null)), BatchDone.class)).outcome();
        assertEquals(out.found(), again.found());
        assertEquals(out.edges(), again.edges());
        assertEquals(out.labels(), again.labels());
        assertEquals(out.ops().size(), again.ops().size());
        assertArrayEquals(out.ops().get(0).histogram(), again.ops().get(0).histogram());
        assertEquals(out.ops().get(0).decode().getTotalCount(), again.ops().get(0).decode().getTotalCount());
        assertTrue(out.ops().get(0).decode().getTotalCount() > 0);
    }

    /** Not registered: refused on the way out, and Akka does not fall back to Java serialization. */
    record NotRegistered(String x) implements CrossNode {}

    @Test void anUnregisteredClassIsRejected() {
        KryoSerializer k = serializer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.toBinary(new NotRegistered("x")));
        assertTrue(e.getMessage().contains("Class is not registered"), e.getMessage());
        var ser = SerializationExtension.get(Adapter.toClassic(kit.system()));
        assertEquals(KryoSerializer.IDENTIFIER, ser.findSerializerFor(new NotRegistered("x")).identifier(), "bound to Kryo, not Java");
        assertTrue(ser.serialize(new NotRegistered("x")).isFailure());
        // and a message that is not CrossNode cannot be sent with Java serialization either
        assertTrue(ser.serialize(new java.util.Date()).isFailure(), "allow-java-serialization is off");
    }

    @Test void longSchedulesAreLeftOutOfBatchOutcomesButSeedsStay() {
        var p = TestScenarios.file("scenarios/shmem-fallocate.kp", "rfc-2026");
        List<RunResult> runs = new ArrayList<>();
        for (long s = 0; s < 4; s++) runs.add(PureRunner.run(p, new RandomStrategy(s), s, false));
        BatchOutcome all = BatchOutcome.of("b", "random", 0, runs);
        BatchOutcome capped = BatchOutcome.of("b", "random", 0, runs, 10);
        assertEquals(all.found().size(), capped.found().size());
        assertTrue(all.found().stream().allMatch(f -> f.schedule().startsWith("pr1.")));
        assertTrue(capped.found().stream().allMatch(f -> f.schedule().isEmpty()));
        assertEquals(all.found().stream().map(BatchOutcome.Found::seed).toList(), capped.found().stream().map(BatchOutcome.Found::seed).toList());
    }
}
