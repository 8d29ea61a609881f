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
