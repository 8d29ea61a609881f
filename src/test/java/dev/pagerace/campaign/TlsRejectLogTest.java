package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two TLS nodes (Artery tls-tcp, mutual authentication) whose certificates
 * are self-signed: the seed trusts only itself, so the stranger cannot join,
 * and the seed logs the refusal; so it does for a peer that speaks no TLS.
 */
class TlsRejectLogTest {
    @TempDir Path dir;

    private void keys(String... args) throws Exception {
        String home = System.getProperty("java.home");
        List<String> cmd = new ArrayList<>(List.of(Path.of(home, "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + String.join(" ", args));
    }

    /** A self-signed key pair in NAME.p12, and its certificate in NAME.crt if {@code export}. */
    private void pair(String name, boolean export) throws Exception {
        keys("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name, "-validity", "2",
            "-storetype", "PKCS12", "-keystore", dir.resolve(name + ".p12").toString(), "-storepass", "secret1", "-keypass", "secret1");
        if (export) keys("-exportcert", "-alias", name, "-keystore", dir.resolve(name + ".p12").toString(), "-storepass", "secret1",
            "-file", dir.resolve(name + ".crt").toString());
    }

    private void trust(String store, String cert) throws Exception {
        keys("-importcert", "-noprompt", "-alias", cert, "-file", dir.resolve(cert + ".crt").toString(), "-storetype", "PKCS12",
            "-keystore", dir.resolve(store + ".p12").toString(), "-storepass", "secret1");
    }

    private Config node(String name, String trusts, int port, int seed, String role) {
        String own = """
            akka.remote.artery {
              transport = tls-tcp
              canonical.port = %d
              ssl.config-ssl-engine {
                key-store = "%s"
                trust-store = "%s"
                key-store-password = "secret1"
                key-password = "secret1"
                trust-store-password = "secret1"
                protocol = "TLSv1.3"
                enabled-algorithms = ["TLS_AES_256_GCM_SHA384"]
                require-mutual-authentication = on
                hostname-verification = off
              }
            }
            akka.cluster.seed-nodes = ["akka://pagerace@127.0.0.1:%d"]
            akka.cluster.roles = [%s]
            """.formatted(port, dir.resolve(name + ".p12"), dir.resolve(trusts + ".p12"), seed, role);
        Config c = ClusterNode.layered(ConfigFactory.parseString(own));
        ClusterNode.checkTls(c);
        return c;
    }

    /** The first event whose message contains {@code text}, waiting up to 30 s for it (a guard, not a measured time). */
    private static ILoggingEvent awaitLog(ListAppender<ILoggingEvent> seen, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            synchronized (seen) {
                for (ILoggingEvent e : List.copyOf(seen.list)) if (e.getFormattedMessage().contains(text)) return e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not logged: " + text);
    }

    @Test @Timeout(120)
    void aPeerWithAForeignCertificateIsRejectedAndLoggedOnTheAcceptingNode() throws Exception {
        pair("seed", true);
        pair("stranger", false);
        trust("seed-trust", "seed");
        trust("stranger-trust", "seed");
        Logger logger = (Logger) LoggerFactory.getLogger(LoggingSslEngineProvider.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        int seedPort = ClusterFixture.freePort();
        try (ClusterNode seed = ClusterNode.start(node("seed", "seed-trust", seedPort, seedPort, "worker"));
             ClusterNode stranger = ClusterNode.start(node("stranger", "stranger-trust", 0, seedPort, "driver"))) {
            assertTrue(seed.awaitReady(Duration.ofSeconds(30)), "the seed joins itself over TLS");
            // the stranger's only certificate is not issued by anyone the seed accepts: it offers none
            ILoggingEvent e = awaitLog(seen, "rejected TLS peer: Empty client certificate chain");
            assertEquals("WARN", e.getLevel().toString());
            assertTrue(stranger.workersUp().isEmpty(), "the stranger did not join");
            // a peer that speaks no TLS at all
            try (java.net.Socket plain = new java.net.Socket("127.0.0.1", seedPort)) {
                plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                plain.getOutputStream().flush();
                awaitLog(seen, "rejected TLS peer: Unrecognized SSL message, plaintext connection?");
            }
        } finally {
            logger.detachAppender(seen);
        }
    }
}
