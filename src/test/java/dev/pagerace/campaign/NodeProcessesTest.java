package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster as users run it: three `pagerace node` JVMs on loopback and a
 * `pagerace campaign --cluster` JVM; one node is killed with SIGKILL while
 * batches run on it. The campaign still ends with exactly N runs and the
 * violating seeds and schedules of a run made without any cluster.
 */
class NodeProcessesTest {
    @TempDir Path dir;

    private Process java(String name, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.pagerace.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    @Test @Timeout(240)
    void killingANodeWithSigkillMidCampaignLosesNothing() throws Exception {
        List<Integer> ports = List.of(ClusterFixture.freePort(), ClusterFixture.freePort(), ClusterFixture.freePort());
        StringBuilder seeds = new StringBuilder();
        for (int p : ports) seeds.append(seeds.length() == 0 ? "" : ", ").append("\"akka://pagerace@127.0.0.1:").append(p).append('"');
        Files.writeString(dir.resolve("cluster.conf"), "akka.cluster.seed-nodes = [" + seeds + "]\n" + ClusterFixture.fastFailover(5));
        List<Process> nodes = new ArrayList<>();
        Process campaign = null;
        try {
            for (int i = 0; i < 3; i++) {
                Path conf = dir.resolve("node" + i + ".conf");
                Files.writeString(conf, "include \"cluster.conf\"\nakka.remote.artery.canonical.port = " + ports.get(i) + "\nakka.cluster.roles = [worker]\n");
                nodes.add(java("node" + i, "node", "--config", conf.toString()));
            }
            Path out = dir.resolve("results");
            campaign = java("campaign", "campaign", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--runs", "300",
                "--batch-size", "15", "--cluster", dir.resolve("cluster.conf").toString(), "--out", out.toString());
            // kill node 2 once batches are being journaled
            Path journal = out.resolve(ResultsDir.JOURNAL);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (System.nanoTime() < deadline && campaign.isAlive()
                && (!Files.exists(journal) || Files.readAllLines(journal).size() < 3)) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(journal) && Files.readAllLines(journal).size() >= 3, "the campaign got going: " + log("campaign"));
            nodes.get(2).destroyForcibly(); // SIGKILL: no leave, no handoff
            assertTrue(campaign.waitFor(180, TimeUnit.SECONDS), "the campaign finished: " + log("campaign"));
            assertEquals(0, campaign.exitValue(), log("campaign"));

            ObjectMapper json = new ObjectMapper();
            Map<Long, String> found = new TreeMap<>();
            long runs = 0;
            for (String line : Files.readAllLines(journal)) {
                JsonNode b = json.readTree(line);
                runs += b.get("count").asLong();
                for (JsonNode f : b.get("found")) {
                    if (found.put(f.get("seed").asLong(), f.get("schedule").asText()) != null) throw new AssertionError("seed counted twice");
                }
            }
            assertEquals(300, runs);
            assertEquals(ClusterFixture.reference("scenarios/shmem-fallocate.kp", "rfc-2026", 300), found);
            JsonNode summary = json.readTree(out.resolve(ResultsDir.SUMMARY).toFile());
            assertEquals(300, summary.get("variants").get("shmem-fallocate/rfc-2026").get("runs").asLong());
        } finally {
            if (campaign != null) campaign.destroyForcibly();
            for (Process p : nodes) p.destroyForcibly();
        }
    }

    /** The campaign's log and the nodes' cluster events: what a failure needs to be understood. */
    private String log(String name) {
        StringBuilder out = new StringBuilder();
        for (String n : List.of(name, "node0", "node1", "node2")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(n + ".log"));
                // the campaign's progress lines and the region's retries repeat; their first lines and the end say enough
                List<String> kept = n.equals(name) ? lines : lines.stream()
                    .filter(l -> l.contains("Cluster") || l.contains("SBR") || l.contains("SplitBrain") || l.contains("pagerace")
                        || l.contains("Exception") || l.contains("ERROR"))
                    .toList();
                out.append("\n--- ").append(n).append(".log ---\n").append(String.join("\n", kept.size() <= 80 ? kept
                    : List.of(String.join("\n", kept.subList(0, 30)), "...", String.join("\n", kept.subList(kept.size() - 50, kept.size())))));
            } catch (Exception e) {
                out.append("\n--- ").append(n).append(".log: none ---");
            }
        }
        return out.toString();
    }
}
