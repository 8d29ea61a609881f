package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagerace.CliRun.Result;
import dev.pagerace.campaign.ResultsDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns and their results directories as users meet them: shared directories, resumes that change the plan, odd file lists. */
class CampaignResultsTest {
    @TempDir Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ABBA = """
        scenario %s
        lock a mutex
        lock b mutex
        task t1 { lock a ; lock b ; unlock b ; unlock a }
        task t2 { lock b ; lock a ; unlock a ; unlock b }
        variant %s { }
        """;

    private static List<JsonNode> journal(Path out) throws Exception {
        List<JsonNode> out2 = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(ResultsDir.JOURNAL))) out2.add(JSON.readTree(line));
        return out2;
    }

    private static long runs(List<JsonNode> journal) {
        Set<String> ids = new HashSet<>();
        long n = 0;
        for (JsonNode b : journal) {
            assertTrue(ids.add(b.get("batchId").asText()), "batch " + b.get("batchId") + " recorded twice");
            n += b.get("count").asLong();
        }
        return n;
    }

    /**
     * A campaign in another process, started from scenarios/ so its imports
     * (../actors/) lie outside its working directory, holds its results
     * directory: a second campaign or a --resume on it exits 2 naming that
     * process, and nothing is recorded twice.
     */
    @Test @Timeout(180)
    void aResultsDirectoryInUseByAnotherProcessIsRefusedAndImportsOutsideTheWorkingDirectoryLoad() throws Exception {
        Path out = dir.resolve("shared").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.pagerace.cli.Main",
                "campaign", "shmem-fallocate.kp", "--variant", "rfc-2026", "--runs", "120", "--batch-size", "5", "--out", out.toString())
            .directory(Path.of("scenarios").toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("other.log").toFile()).start();
        try {
            Path journal = out.resolve(ResultsDir.JOURNAL);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (other.isAlive() && System.nanoTime() < deadline && (!Files.exists(journal) || Files.size(journal) == 0)) Thread.sleep(50);
            assertTrue(other.isAlive(), "the other campaign is still running: " + Files.readString(dir.resolve("other.log")));
            Result resume = pagerace("campaign", "--resume", out.toString());
            assertEquals(2, resume.code(), resume.err());
            assertTrue(resume.err().contains("is in use by another campaign (pid " + other.pid() + ")"), resume.err());
            Result again = pagerace("campaign", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--runs", "120", "--out", out.toString());
            assertEquals(2, again.code(), again.err());
            assertTrue(again.err().contains("is in use by another campaign (pid " + other.pid() + ")"), again.err());
            assertTrue(other.waitFor(150, TimeUnit.SECONDS));
            String log = Files.readString(dir.resolve("other.log"));
            assertEquals(0, other.exitValue(), log);
            assertEquals(120, runs(journal(out)), "each batch once, exactly the planned runs");
            assertFalse(log.contains("cannot import"), log);
        } finally {
            other.destroyForcibly();
        }
    }

    @Test @Timeout(120)
    void resumeExtendsWithMoreRunsAndRefusesWhatItWouldIgnore() throws Exception {
        Path f = dir.resolve("job.kp");
        Files.writeString(f, ABBA.formatted("job", "v"));
        Path out = dir.resolve("r");
        Result first = pagerace("campaign", f.toString(), "--runs", "40", "--batch-size", "10", "--out", out.toString());
        assertEquals(1, first.code(), first.err());
        Result variant = pagerace("campaign", "--resume", out.toString(), "--variant", "w");
        assertEquals(2, variant.code());
        assertTrue(variant.err().contains("cannot change --variant w (campaign: all)"), variant.err());
        Result fewer = pagerace("campaign", "--resume", out.toString(), "--runs", "20");
        assertEquals(2, fewer.code());
        assertTrue(fewer.err().contains("would shrink the campaign"), fewer.err());
        Result more = pagerace("campaign", "--resume", out.toString(), "--runs", "70");
        assertEquals(1, more.code(), more.err());
        assertTrue(more.err().contains("campaign extended from 40 to 70 runs"), more.err());
        assertTrue(more.err().contains("(4 batches already done)"), more.err());
        assertEquals(70, runs(journal(out)));
        JsonNode summary = JSON.readTree(out.resolve(ResultsDir.SUMMARY).toFile());
        assertEquals(70, summary.get("variants").get("job/v").get("runs").asLong());
        assertEquals(70, JSON.readTree(out.resolve(ResultsDir.SPEC).toFile()).get("runs").asLong(), "the wider plan is the campaign's now");
        Result fair = pagerace("campaign", "--resume", out.toString(), "--strategy", "fair");
        assertEquals(2, fair.code());
        assertTrue(fair.err().contains("cannot change the strategy to fair (campaign: random)"), fair.err());
        Result same = pagerace("campaign", "--resume", out.toString(), "--strategy", "random", "--runs", "70");
        assertEquals(1, same.code(), same.err());
        assertTrue(same.err().contains("(7 batches already done)") && !same.err().contains("extended"), same.err());
        assertEquals(70, runs(journal(out)), "nothing ran again");
    }

    @Test @Timeout(120)
    void theSameFileTwiceRunsOnceWithAllItsRuns() throws Exception {
        Path f = dir.resolve("job.kp");
        Files.writeString(f, ABBA.formatted("job", "v"));
        Path out = dir.resolve("twice");
        Result r = pagerace("campaign", f.toString(), dir.resolve(".").resolve("job.kp").toString(), dir.toString(), "--runs", "30",
            "--batch-size", "10", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(30, runs(journal(out)));
        assertEquals(30, JSON.readTree(out.resolve(ResultsDir.SUMMARY).toFile()).get("variants").get("job/v").get("runs").asLong());
    }

    @Test @Timeout(120)
    void aVariantOverADirectoryRunsTheFilesThatHaveIt() throws Exception {
        Path d = dir.resolve("kps");
        Files.createDirectories(d);
        Files.writeString(d.resolve("a.kp"), ABBA.formatted("a", "x"));
        Files.writeString(d.resolve("b.kp"), ABBA.formatted("b", "y"));
        Path out = dir.resolve("some");
        Result r = pagerace("campaign", d.toString(), "--variant", "x", "--runs", "10", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("skipping " + d.resolve("b.kp") + ": no variant 'x'"), r.err());
        JsonNode variants = JSON.readTree(out.resolve(ResultsDir.SUMMARY).toFile()).get("variants");
        assertEquals(List.of("a/x"), iterate(variants));
        Result none = pagerace("campaign", d.toString(), "--variant", "z", "--runs", "10", "--out", dir.resolve("none").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no scenario has a variant 'z'"), none.err());
    }

    private static List<String> iterate(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test @Timeout(120)
    void aFailedJoinLeavesNothingThatBlocksTheRetry() throws Exception {
        Path conf = dir.resolve("nowhere.conf");
        Files.writeString(conf, "akka.cluster.seed-nodes = [\"akka://pagerace@127.0.0.1:9\"]\npagerace.campaign.join-timeout = 2s\n");
        Path f = dir.resolve("job.kp");
        Files.writeString(f, ABBA.formatted("job", "v"));
        Path out = dir.resolve("retry");
        Result failed = pagerace("campaign", f.toString(), "--cluster", conf.toString(), "--runs", "10", "--out", out.toString());
        assertEquals(3, failed.code(), failed.err());
        assertFalse(Files.exists(out.resolve(ResultsDir.SPEC)), "no campaign was left behind");
        Result retry = pagerace("campaign", f.toString(), "--runs", "10", "--out", out.toString());
        assertEquals(1, retry.code(), retry.err());
        assertEquals(10, runs(journal(out)));
    }
}
