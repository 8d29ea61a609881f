package dev.pagerace.campaign;

import com.typesafe.config.Config;
import dev.pagerace.engine.PureEngine;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.lang.Compiler;
import dev.pagerace.program.Program;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Loopback clusters and reference results for the campaign tests. */
final class ClusterFixture {
    private ClusterFixture() {}

    /** A loopback port free when asked (another process may take it before it is bound: good enough for one machine's tests). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Settings tuned for tests: quick failure detection and downing, short batch timeout (nodes in one JVM). */
    static String fastFailover() {
        return fastFailover(2);
    }

    /**
     * The same with a heartbeat pause of {@code pauseSeconds}: nodes in separate JVMs on a starved host (four node
     * JVMs on two busy cores) miss 2 s of heartbeats, and the resolver then downs live nodes too.
     */
    static String fastFailover(int pauseSeconds) {
        return "akka.cluster.split-brain-resolver.stable-after = 3s\n"
            + "akka.cluster.failure-detector.acceptable-heartbeat-pause = " + pauseSeconds + "s\n"
            + "akka.cluster.failure-detector.heartbeat-interval = 500ms\n"
            + "pagerace.campaign.batch-timeout = 15s\n"
            + "pagerace.campaign.join-timeout = 30s\n";
    }

    static Config node(int port, List<Integer> seeds, String role) {
        return ClusterNode.loopback(port, seeds, role, fastFailover());
    }

    static Campaign.Loaded load(String file) throws Exception {
        ScenarioBundle b = ScenarioBundle.read(Path.of(file));
        var s = b.load();
        return new Campaign.Loaded(file, b, s, Compiler.compileAll(s));
    }

    /** seed -> schedule of every non-clean run, computed without any cluster: what every campaign must report. */
    static Map<Long, String> reference(String file, String variant, int runs) {
        Program p = dev.pagerace.TestScenarios.file(file, variant);
        Map<Long, String> out = new TreeMap<>();
        try (PureEngine e = new PureEngine(2)) {
            var outcome = BatchOutcome.of("ref", "random", 0, e.runMany(p, RandomStrategy::new, 0, runs, false, null));
            for (BatchOutcome.Found f : outcome.found()) out.put(f.seed(), f.schedule());
        }
        return out;
    }

    static Map<Long, String> found(Map<String, BatchOutcome> done) {
        Map<Long, String> out = new TreeMap<>();
        for (BatchOutcome b : done.values()) {
            for (BatchOutcome.Found f : b.found()) {
                if (out.put(f.seed(), f.schedule()) != null) throw new AssertionError("seed " + f.seed() + " counted twice");
            }
        }
        return out;
    }

    static long runs(Map<String, BatchOutcome> done) {
        return done.values().stream().mapToLong(BatchOutcome::count).sum();
    }
}
