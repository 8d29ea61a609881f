package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.pagerace.CliRun.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user meets them: exit codes 0/1/2, errors as file:line:col, replay lines that work. */
class CliTest {
    @TempDir Path dir;

    @Test void aBadScenarioFileGetsFileLineColAndExit2() throws IOException {
        Path f = dir.resolve("bad.kp");
        Files.writeString(f, "inode shm pages 4 backing swap\ntask t {\n  down_read shm.nope\n}\n");
        Result r = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.kp:3:17: inode shm has no field or lock 'nope'"), r.err());
        assertTrue(r.err().contains("  down_read shm.nope\n"), "the offending line is quoted:\n" + r.err());
        assertTrue(r.err().contains("^"), r.err());
        assertTrue(r.err().contains("nothing was run"), r.err());
        assertEquals("", r.out(), "nothing ran");
    }

    @Test void unknownVariantAndStrategyAreUsageErrors() {
        Result v = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "nope", "--engine", "pure");
        assertEquals(2, v.code());
        assertTrue(v.err().contains("has no variant 'nope' (variants: mainline, mainline-no-nr-unswapped, rfc-2026, rfc-2026-two-inodes, rfc-2026-nofs-falloc, rfc-2026-nofs, rfc-2026-nofs-no-fault, rfc-2026-nofs-no-punch, rfc-2026-writeout-trylock)"), v.err());
        Result s = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "mainline", "--strategy", "zigzag");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("unknown strategy 'zigzag'"), s.err());
        Result n = pagerace("run", "scenarios/shmem-fallocate.kp", "--seed", "many");
        assertEquals(2, n.code());
        Result missing = pagerace("run", dir.resolve("absent.kp").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot read scenario file: no such file"), missing.err());
    }

    @Test void runPrintsTheDeadlockReportAndAReplayThatReproducesIt() {
        Result r = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--seed", "2");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("WARNING: possible recursive locking detected"), r.out());
        assertTrue(r.out().contains("fallocator/0 is trying to acquire lock:"), r.out());
        assertTrue(r.out().contains("*** DEADLOCK ***"), r.out());
        String replay = r.out().lines().filter(l -> l.startsWith("replay:")).findFirst().orElseThrow();
        String schedule = replay.substring(replay.indexOf("--schedule ") + "--schedule ".length()).trim();
        Result again = pagerace("replay", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--schedule", schedule);
        assertEquals(1, again.code(), again.err());
        String verdict = r.out().substring(r.out().indexOf("VIOLATION"), r.out().indexOf("Lock-order cycles"));
        assertEquals(verdict.replace("strategy random, seed 2", "strategy replay, replayed schedule (seed not known)"),
            again.out().substring(again.out().indexOf("VIOLATION"), again.out().indexOf("Lock-order cycles")));
        assertTrue(r.out().contains("WARNING: possible circular locking dependency detected"), "the run's own lock-order cycles follow");
    }

    @Test void aCleanRunExitsZeroAndABadScheduleExitsTwo() {
        Result r = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "mainline", "--seed", "3", "--engine", "pure");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("CLEAN: every task finished"), r.out());
        Result bad = pagerace("replay", "scenarios/shmem-fallocate.kp", "--variant", "mainline", "--schedule", "pr1.garbage!");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("bad --schedule"), bad.err());
    }

    @Test void checkExitsOneOnAnExpectationThatDoesNotHoldAndTwoOnBadInput() throws IOException {
        Path f = dir.resolve("wrong.kp");
        Files.writeString(f, """
            lock a mutex
            lock b mutex
            task t1 { lock a ; lock b ; unlock b ; unlock a }
            task t2 { lock b ; lock a ; unlock a ; unlock b }
            variant abba { }
            expect abba clean
            """);
        Result r = pagerace("check", f.toString(), "--engine", "pure");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL"), r.out());
        assertTrue(r.out().contains("expected clean, found deadlock"), r.out());
        Result ok = pagerace("check", "scenarios/gfs2-glock-mmap.kp", "--engine", "pure", "--max-runs", "1");
        assertEquals(1, ok.code(), "capped below the deadlock's first run: " + ok.out());
        Result enough = pagerace("check", "scenarios/xfs-reflink.kp", "--engine", "pure");
        assertEquals(0, enough.code(), enough.out());
        assertTrue(enough.out().contains("every expectation holds"), enough.out());
        Result bad = pagerace("check", dir.resolve("missing").toString());
        assertEquals(2, bad.code());
    }

    @Test void modelErrorsAreBadInputInCheckAndCampaignWhateverTheExpectLinesSay() throws IOException {
        Path f = dir.resolve("broken.kp");
        Files.writeString(f, """
            lock a mutex
            task t { unlock a }
            """);
        Result check = pagerace("check", f.toString(), "--engine", "pure");
        assertEquals(2, check.code(), check.out() + check.err());
        assertTrue(check.err().contains("model error in broken/default") && check.err().contains("does not hold"), check.err());
        Result campaign = pagerace("campaign", f.toString(), "--runs", "20", "--out", dir.resolve("out").toString());
        assertEquals(2, campaign.code(), campaign.out() + campaign.err());
        assertTrue(campaign.err().contains("model error"), campaign.err());
    }

    @Test void sweepMeasuresPunchLatencyPerFaulterCount() {
        Result r = pagerace("check", "scenarios/shmem-hole-punch.kp", "--engine", "pure", "--sweep", "faulter=1,8", "--max-runs", "30");
        String one = r.out().lines().filter(l -> l.startsWith("latency shmem-hole-punch/falloc-waitq faulter=1:")).findFirst().orElseThrow();
        String eight = r.out().lines().filter(l -> l.startsWith("latency shmem-hole-punch/falloc-waitq faulter=8:")).findFirst().orElseThrow();
        assertTrue(p50(eight, "punch") > p50(one, "punch"), "more faulters, slower punch:\n" + one + "\n" + eight);
        String pincer = r.out().lines().filter(l -> l.startsWith("latency shmem-hole-punch/pincer-2014 faulter=8:")).findFirst().orElseThrow();
        assertTrue(pincer.contains("punch n=0 unfinished="), "the pincer never completes a punch against 8 faulters: " + pincer);
        assertEquals(2, pagerace("check", "scenarios/shmem-hole-punch.kp", "--sweep", "faulter").code());
        Result noTask = pagerace("check", "scenarios/shmem-hole-punch.kp", "--sweep", "nobody=2");
        assertEquals(2, noTask.code());
        assertTrue(noTask.err().contains("no task 'nobody'"), noTask.err());
    }

    private static long p50(String line, String op) {
        String rest = line.substring(line.indexOf(op + " n="));
        return Long.parseLong(rest.replaceAll("^.*? p50=(\\d+).*$", "$1"));
    }

    @Test void anUnreachableClusterIsExit3NamingTheSeedNodes() throws IOException {
        Path conf = dir.resolve("nowhere.conf");
        Files.writeString(conf, "akka.cluster.seed-nodes = [\"akka://pagerace@127.0.0.1:9\"]\npagerace.campaign.join-timeout = 3s\n");
        Result r = pagerace("campaign", "scenarios/xfs-reflink.kp", "--cluster", conf.toString(), "--runs", "10", "--out", dir.resolve("r").toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("could not join the cluster: no worker was up after 3 s (seed nodes tried: akka://pagerace@127.0.0.1:9)"), r.err());
    }

    @Test void seedRangesThatOverflowAndEmptyBatchesAreBadInput() throws IOException {
        Result seeds = pagerace("campaign", "scenarios/xfs-reflink.kp", "--seed-start", "9223372036854775800", "--runs", "10",
            "--out", dir.resolve("s").toString());
        assertEquals(2, seeds.code(), seeds.err());
        assertTrue(seeds.err().contains("go past the largest seed"), seeds.err());
        Path conf = dir.resolve("zero.conf");
        Files.writeString(conf, "pagerace.campaign.batch-size = 0\n");
        Result zero = pagerace("campaign", "scenarios/xfs-reflink.kp", "--cluster", conf.toString(), "--runs", "10", "--out", dir.resolve("z").toString());
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("batch size must be at least 1"), zero.err());
    }

    @Test void arithmeticNeverWrapsSilently() throws IOException {
        Path f = dir.resolve("wrap.kp");
        Files.writeString(f, "task t { x = 9223372036854775807 ; y = x + 1 }\n");
        Result r = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("integer overflow"), r.out());
        Files.writeString(f, "task t { x = rand(0, 9223372036854775807) }\n");
        Result big = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(2, big.code(), big.out());
        assertTrue(big.out().contains("is too large"), big.out());
        Files.writeString(f, "config { reclaim_chance 1/4294967296 }\npath reclaim() { yield }\ntask t { alloc }\n");
        Result chance = pagerace("run", f.toString(), "--engine", "pure");
        assertEquals(2, chance.code(), chance.err());
        assertTrue(chance.err().contains("denominator is at most 2147483647"), chance.err());
    }

    @Test void campaignBadInputIsExit2() throws IOException {
        assertEquals(2, pagerace("campaign").code());
        Result v = pagerace("campaign", "scenarios/xfs-reflink.kp", "--variant", "nope", "--out", dir.resolve("v").toString());
        assertEquals(2, v.code());
        assertTrue(v.err().contains("has no variant 'nope'"), v.err());
        Result c = pagerace("campaign", "scenarios/xfs-reflink.kp", "--cluster", dir.resolve("absent.conf").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("bad cluster config"), c.err());
        Result r = pagerace("campaign", "--resume", dir.resolve("empty").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds no campaign"), r.err());
    }

    @Test void anEmbeddedCampaignWritesItsResultsAndJudgesExpectations() throws IOException {
        Path out = dir.resolve("camp");
        Result r = pagerace("campaign", "scenarios/xfs-reflink.kp", "--runs", "60", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("every expectation holds"), r.out());
        for (String f : List.of("campaign.json", "batches.jsonl", "violations.jsonl", "summary.json", "stats.json")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"xfs-reflink/unordered-two\""), summary);
        assertTrue(r.err().contains("campaign: 420/420 runs (100%)"), r.err());
    }

    @Test void helpListsEveryCommandAndATypoGetsASuggestionThoughOnlyANamedCommandIsBuilt() {
        assertEquals(List.of("run"), List.copyOf(Main.commandLine("run", "x.kp").getSubcommands().keySet()), "a named command alone");
        Result help = pagerace("--help");
        assertEquals(0, help.code());
        for (String c : List.of("run", "replay", "check", "campaign", "report", "node", "bench", "help")) {
            assertTrue(help.out().contains("\n  " + c + " "), c + " in:\n" + help.out());
        }
        Result typo = pagerace("chek", "scenarios/shmem-fallocate.kp");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("Did you mean: pagerace check"), typo.err());
    }

    @Test void theEngineStartedBeforeParsingIsClosedWhenNoRunClaimsIt() {
        assertTrue(RunCommand.likelyActors(List.of("f.kp", "--seed", "7")));
        assertTrue(RunCommand.likelyActors(List.of("f.kp", "--engine", "actors")));
        assertTrue(!RunCommand.likelyActors(List.of("f.kp", "--engine", "pure")));
        assertTrue(!RunCommand.likelyActors(List.of("f.kp", "--engine=pure")));
        assertTrue(!RunCommand.likelyActors(List.of("f.kp", "--strategy", "dfs")));
        assertTrue(!RunCommand.likelyActors(List.of("--help")));
        // started, then a usage error before any command runs, and a run that fails on its file: neither leaves it behind
        assertEquals(2, pagerace("run", "--seed").code());
        assertTrue(!EarlyEngine.hasPrestarted(), "a usage error closes it");
        assertEquals(2, pagerace("run", dir.resolve("absent.kp").toString()).code());
        assertTrue(!EarlyEngine.hasPrestarted(), "the run command claimed and closed it");
    }
}
