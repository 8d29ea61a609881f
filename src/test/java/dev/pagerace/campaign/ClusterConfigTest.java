package dev.pagerace.campaign;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.pagerace.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node configs that would silently mean something else are refused before a node starts. */
class ClusterConfigTest {
    @TempDir Path dir;

    @Test void aMissingIncludeIsAnErrorNotAOneNodeCluster() throws Exception {
        Files.writeString(dir.resolve("seeds.conf"), "akka.cluster.seed-nodes = [\"akka://pagerace@127.0.0.1:2551\"]\n");
        Files.writeString(dir.resolve("good.conf"), "include \"seeds.conf\"\nakka.remote.artery.canonical.port = 2552\n");
        Config good = ClusterNode.config(dir.resolve("good.conf"), null, null);
        assertEquals(List.of("akka://pagerace@127.0.0.1:2551"), good.getStringList("akka.cluster.seed-nodes"), "a present include still works");
        assertEquals(3, ClusterNode.config(Path.of("cluster-config/node1.conf"), null, null).getStringList("akka.cluster.seed-nodes").size());

        Files.writeString(dir.resolve("node.conf"), "include \"sedes.conf\"\nakka.remote.artery.canonical.port = 2552\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterNode.config(dir.resolve("node.conf"), null, null));
        assertTrue(e.getMessage().contains("include \"sedes.conf\" found no such file"), e.getMessage());
        Files.writeString(dir.resolve("nested.conf"), "include file(\"" + dir.resolve("node.conf") + "\")\n");
        assertThrows(ConfigException.class, () -> ClusterNode.config(dir.resolve("nested.conf"), null, null), "nor one include further down");

        Result node = pagerace("node", "--config", dir.resolve("node.conf").toString());
        assertEquals(2, node.code(), node.err());
        assertTrue(node.err().contains("bad cluster config: include \"sedes.conf\" found no such file"), node.err());
        Result campaign = pagerace("campaign", "scenarios/xfs-reflink.kp", "--cluster", dir.resolve("node.conf").toString(), "--out",
            dir.resolve("r").toString());
        assertEquals(2, campaign.code(), campaign.err());
    }

    private static final String TLS = """
        akka.remote.artery {
          transport = tls-tcp
          canonical.port = 0
          ssl.config-ssl-engine {
            key-store = "node.p12"
            trust-store = "truststore.p12"
            key-store-password = ${?PAGERACE_TEST_NEVER_SET_1}
            key-password = %s
            trust-store-password = ${?PAGERACE_TEST_NEVER_SET_3}
          }
        }
        """;

    @Test void aTlsNodeWithUnsetPasswordsRefusesToStart() throws Exception {
        Files.writeString(dir.resolve("tls.conf"), TLS.formatted("${?PAGERACE_TEST_NEVER_SET_2}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterNode.config(dir.resolve("tls.conf"), null, null));
        assertTrue(e.getMessage().contains("key-store-password, akka.remote.artery.ssl.config-ssl-engine.key-password, "
            + "akka.remote.artery.ssl.config-ssl-engine.trust-store-password are not set"), e.getMessage());
        Result node = pagerace("node", "--config", dir.resolve("tls.conf").toString());
        assertEquals(2, node.code(), node.err());
        assertTrue(node.err().contains("a TLS node needs its store passwords"), node.err());

        // one left unset is still refused; all set passes the check
        Files.writeString(dir.resolve("one.conf"), TLS.formatted("\"secret\"").replace("${?PAGERACE_TEST_NEVER_SET_1}", "\"secret\""));
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> ClusterNode.config(dir.resolve("one.conf"), null, null));
        assertTrue(one.getMessage().contains("trust-store-password is not set"), one.getMessage());
        Files.writeString(dir.resolve("all.conf"), TLS.formatted("\"secret\"").replace("${?PAGERACE_TEST_NEVER_SET_1}", "\"secret\"")
            .replace("${?PAGERACE_TEST_NEVER_SET_3}", "\"secret\""));
        assertEquals("tls-tcp", ClusterNode.config(dir.resolve("all.conf"), null, null).getString("akka.remote.artery.transport"));
    }
}
