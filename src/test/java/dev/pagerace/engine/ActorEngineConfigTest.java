package dev.pagerace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.pagerace.campaign.ClusterNode;
import dev.pagerace.program.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A local run system leaves out what only crosses nodes; cluster nodes keep it all. */
class ActorEngineConfigTest {
    @Test void localSystemHasOnlyAkkasOwnSerializers() {
        Config c = ActorEngine.localConfig();
        assertEquals("local", c.getString("akka.actor.provider"));
        assertFalse(c.getBoolean("akka.actor.allow-java-serialization"));
        for (String name : c.getConfig("akka.actor.serializers").root().keySet()) {
            assertTrue(c.getString("akka.actor.serializers." + name).startsWith("akka.serialization."), name);
        }
        assertEquals(List.of(), c.getStringList("akka.library-extensions"));
        assertEquals(List.of(), c.getStringList("akka.actor.typed.library-extensions"));
    }

    @Test void theLeanReferenceGivesALocalSystemTheSameSettingsAsTheMergedOne() {
        Config lean = ActorEngine.localConfig(), merged = ActorEngine.localConfigFromMergedReference();
        // it is the lean one: nothing of the cluster modules
        assertFalse(lean.hasPath("akka.cluster"));
        assertTrue(merged.hasPath("akka.cluster"));
        int compared = 0;
        for (var e : lean.entrySet()) {
            assertEquals(merged.getValue(e.getKey()).unwrapped(), e.getValue().unwrapped(), e.getKey());
            compared++;
        }
        assertTrue(compared > 300, "akka-actor's settings are all there: " + compared);
        // and every setting of akka.actor.typed and the run dispatcher the merged one has
        for (String sub : List.of("akka.actor.typed", "pagerace.run-dispatcher", "akka.actor.default-dispatcher")) {
            assertEquals(merged.getConfig(sub).root().unwrapped(), lean.getConfig(sub).root().unwrapped(), sub);
        }
    }

    @Test void clusterNodesKeepTheFullConfiguration() {
        Config c = ClusterNode.config(null, null, null);
        assertEquals("cluster", c.getString("akka.actor.provider"));
        assertEquals("dev.pagerace.campaign.KryoSerializer", c.getString("akka.actor.serializers.pagerace-kryo"));
        assertTrue(c.getConfig("akka.actor.serializers").root().unwrapped().values().stream()
            .anyMatch(v -> v.toString().startsWith("akka.cluster.sharding.")));
        assertTrue(c.getStringList("akka.library-extensions").contains("akka.serialization.SerializationExtension$"));
    }

    @Test void aRunOnTheLeanSystemIsTheRunOfThePureEngine() throws Exception {
        Program p = dev.pagerace.lang.Compiler.compileAll(dev.pagerace.lang.Loader.load(java.nio.file.Path.of("scenarios/shmem-fallocate.kp")),
            java.util.Map.of()).get("rfc-2026");
        try (ActorEngine a = ActorEngine.start(); PureEngine pure = new PureEngine(1)) {
            for (long seed = 0; seed < 5; seed++) {
                RunResult x = a.run(p, new RandomStrategy(seed), seed, true);
                RunResult y = pure.run(p, new RandomStrategy(seed), seed, true);
                assertEquals(y.schedule().encode(), x.schedule().encode());
                assertEquals(y.outcome().toString(), x.outcome().toString());
            }
        }
    }
}
