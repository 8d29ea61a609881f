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
        // lock_stat crosses too, every class with its histograms and sites
        assertTrue(!out.locks().isEmpty());
        assertEquals(out.locks().size(), again.locks().size());
        for (int i = 0; i < out.locks().size(); i++) {
            var x = out.locks().get(i);
            var y = again.locks().get(i);
            assertEquals(x.cls() + x.mode() + x.acquisitions() + x.contentions() + x.contentionSites() + x.contentionCounts()
                + x.contendingSites() + x.contendingCounts() + x.waitsUnfinished() + x.holdsUnfinished(),
                y.cls() + y.mode() + y.acquisitions() + y.contentions() + y.contentionSites() + y.contentionCounts()
                + y.contendingSites() + y.contendingCounts() + y.waitsUnfinished() + y.holdsUnfinished());
            assertArrayEquals(x.waits(), y.waits());
            assertArrayEquals(x.holds(), y.holds());
        }
    }

    /** A class id as Kryo writes it (id + 2), then a claimed count: the hostile messages of a few bytes. */
    private static byte[] claim(int classId, int... varints) {
        com.esotericsoftware.kryo.io.Output o = new com.esotericsoftware.kryo.io.Output(64);
        o.writeVarInt(classId + 2, true);
        for (int v : varints) o.writeVarInt(v, true);
        return o.toBytes();
    }

    @Test void hugeClaimedLengthsAreRefusedBeforeAnythingIsAllocated() {
        KryoSerializer k = serializer();
        int huge = Integer.MAX_VALUE - 8;
        for (byte[] hostile : List.of(claim(20, huge), claim(23, huge), claim(21, huge), claim(24, huge), claim(25, huge),
                // a RunBatch whose first field, a string, claims 2^31 chars (Kryo's flagged UTF-8 length)
                new byte[] {102, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07})) {
            Exception e = assertThrows(Exception.class, () -> k.fromBinary(hostile, Object.class));
            assertTrue(!(e.getCause() instanceof OutOfMemoryError), e.toString());
        }
        Exception e = assertThrows(Exception.class, () -> k.fromBinary(claim(20, huge), Object.class));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    /** Random, truncated and mutated messages: an object or an exception, never an Error (no OutOfMemoryError, no stack overflow). */
    @Test void fuzzedMessagesNeverCrashTheSerializer() throws Exception {
        KryoSerializer k = serializer();
        ScenarioBundle bundle = ScenarioBundle.read(java.nio.file.Path.of("scenarios/xfs-reflink.kp"));
        TestProbe<BatchDone> probe = kit.createTestProbe();
        List<RunResult> runs = new ArrayList<>();
        var p = TestScenarios.file("scenarios/xfs-reflink.kp", "unordered-two");
        for (long s = 0; s < 3; s++) runs.add(PureRunner.run(p, new RandomStrategy(s), s, false));
        List<byte[]> valid = List.of(k.toBinary(new RunBatch("b1", bundle, "unordered-two", "random", 0, 3, probe.getRef())),
            k.toBinary(new BatchDone("b1", BatchOutcome.of("b1", "random", 0, runs), null)));
        java.util.Random rnd = new java.util.Random(7);
        // an Error (OutOfMemoryError, StackOverflowError) escapes the catch below and fails the test
        for (int i = 0; i < 20_000; i++) {
            byte[] m;
            if (i % 3 == 0) {
                m = new byte[rnd.nextInt(48)];
                rnd.nextBytes(m);
            } else {
                byte[] v = valid.get(i % 2);
                m = java.util.Arrays.copyOf(v, i % 3 == 1 ? rnd.nextInt(v.length + 1) : v.length);
                for (int f = 0; f < 1 + rnd.nextInt(4) && m.length > 0; f++) m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            try {
                k.fromBinary(m, Object.class);
            } catch (Exception expected) {
                // refused: Akka drops the message and logs it
            }
        }
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
