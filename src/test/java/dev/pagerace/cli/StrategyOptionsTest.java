package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.pagerace.CliRun.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --strategy, --depth and --pct-steps as a user meets them on run, replay and check. */
class StrategyOptionsTest {
    @TempDir Path dir;

    private static final String FILE = "scenarios/xfs-reflink.kp";

    /** Two locks taken in both orders (abba) or in one (ordered). */
    private static final String ABBA = """
        lock a mutex
        lock b mutex
        task t1 { lock a ; lock b ; unlock b ; unlock a }
        variant abba { task t2 { lock b ; lock a ; unlock a ; unlock b } }
        variant ordered { task t2 { lock a ; lock b ; unlock b ; unlock a } }
        """;

    @Test void badStrategiesAndParametersExit2WithAReason() {
        Result a = pagerace("run", FILE, "--variant", "unordered-two", "--engine", "pure", "--strategy", "pct", "--depth", "0");
        assertEquals(2, a.code());
        assertTrue(a.err().contains("pct depth must be 1 to 10, not 0"), a.err());
        Result b = pagerace("run", FILE, "--variant", "unordered-two", "--engine", "pure", "--pct-steps", "50");
        assertEquals(2, b.code());
        assertTrue(b.err().contains("apply to --strategy pct only"), b.err());
        Result c = pagerace("check", FILE, "--engine", "pure", "--strategy", "dfs-ish");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("unknown strategy 'dfs-ish'"), c.err());
        Result d = pagerace("campaign", FILE, "--strategy", "pct", "--depth", "x");
        assertEquals(2, d.code());
    }

    @Test void aPctRunStatesItsBoundAndItsRerunLineRebuildsIt() {
        Result r = pagerace("run", FILE, "--variant", "unordered-two", "--engine", "pure", "--strategy", "pct", "--seed", "4");
        Matcher m = Pattern.compile("strategy: pct\\(d=3,k=(\\d+)\\): n=3 tasks, k=\\1 steps, d=3; a depth-3 bug is found per run with probability >= 1/\\(n\\*k\\^\\(d-1\\)\\) = ")
            .matcher(r.out());
        assertTrue(m.find(), r.out());
        String k = m.group(1);
        assertTrue(r.out().contains("--seed 4 --strategy pct --depth 3 --pct-steps " + k + "\n"), r.out());
        Result again = pagerace("run", FILE, "--variant", "unordered-two", "--engine", "pure", "--strategy", "pct", "--seed", "4", "--pct-steps", k);
        assertEquals(r.out(), again.out(), "the printed k reproduces the run");
        assertEquals(r.code(), again.code());
    }

    @Test void aFairStarvationReplaysWithFair() {
        Result r = pagerace("run", "scenarios/shmem-hole-punch.kp", "--variant", "pincer-2014", "--engine", "pure", "--strategy", "fair");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("VIOLATION: starvation under fair: op punch"), r.out());
        String replay = r.out().lines().filter(l -> l.startsWith("replay:")).findFirst().orElseThrow();
        assertTrue(replay.contains(" --fair --schedule "), replay);
        String schedule = replay.substring(replay.indexOf("--schedule ") + "--schedule ".length()).trim();
        Result fair = pagerace("replay", "scenarios/shmem-hole-punch.kp", "--variant", "pincer-2014", "--engine", "pure", "--fair", "--schedule", schedule);
        assertEquals(1, fair.code());
        assertTrue(fair.out().contains("VIOLATION: starvation under replay of fair: op punch"), fair.out());
        Result plain = pagerace("replay", "scenarios/shmem-hole-punch.kp", "--variant", "pincer-2014", "--engine", "pure", "--schedule", schedule);
        assertTrue(!plain.out().contains("VIOLATION: starvation"), "without --fair the replay does not judge starvation:\n" + plain.err());
    }

    @Test void checkLinesSayHowEachVerdictWasObtained() throws IOException {
        Path f = dir.resolve("two.kp");
        Files.writeString(f, "scenario two \"ABBA and its fix\"\nconfig { runs 50 }\n" + ABBA + """
            expect abba deadlock within 50 runs
            expect abba lock_order within 50 runs
            expect ordered clean
            """);
        Result r = pagerace("check", f.toString(), "--engine", "pure");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verdict two/ordered: 50 runs of fair: per-run probability of any violation < 3/50 = 6 % at 95 % (rule of three)"), r.out());
        Matcher m = Pattern.compile("verdict two/abba: 50 runs of random: deadlock (\\d+)/50 = [0-9.]+ % \\(95 % Wilson [0-9.]+-[0-9.]+ %\\); lock_order 1 cycle across runs").matcher(r.out());
        assertTrue(m.find(), r.out());
        Result pct = pagerace("check", f.toString(), "--engine", "pure", "--strategy", "pct", "--depth", "2");
        assertTrue(pct.out().contains("verdict two/abba: 50 runs of pct(d=2,k="), pct.out());
        assertTrue(pct.out().contains("n=2 tasks"), pct.out());
    }

    /** Without --depth, pct searches each variant at the depth its expect lines declare; --depth overrides them all. */
    @Test void pctTakesEachVariantsDepthFromItsExpectLinesUnlessGiven() throws IOException {
        Path f = dir.resolve("deep.kp");
        Files.writeString(f, "scenario deep \"declared bug depths\"\nconfig { runs 20 }\n" + ABBA + """
            variant declared { task t2 { lock b ; lock a ; unlock a ; unlock b } }
            expect abba lock_order within 20 runs
            expect declared deadlock depth 5
            expect declared lock_order within 20 runs depth 2
            expect ordered clean
            """);
        Result r = pagerace("check", f.toString(), "--engine", "pure", "--strategy", "pct");
        assertTrue(r.out().contains("verdict deep/abba: 20 runs of pct(d=3,k="), r.out());
        assertTrue(r.out().contains("verdict deep/declared: 20 runs of pct(d=5,k="), "the deepest declared bug: " + r.out());
        assertTrue(r.out().contains("verdict deep/ordered: 20 runs of pct(d=3,k="), r.out());
        Result given = pagerace("check", f.toString(), "--engine", "pure", "--strategy", "pct", "--depth", "2");
        assertTrue(given.out().contains("verdict deep/declared: 20 runs of pct(d=2,k="), given.out());
        Result spelled = pagerace("check", f.toString(), "--engine", "pure", "--strategy", "pct(d=4)");
        assertTrue(spelled.out().contains("verdict deep/declared: 20 runs of pct(d=4,k="), spelled.out());
        Result random = pagerace("check", f.toString(), "--engine", "pure");
        assertTrue(random.out().contains("verdict deep/declared: 20 runs of random:"), "a depth only concerns pct: " + random.out());
    }

    /** An expect line that names its search (by pct) is checked with it by default; --strategy still decides when given. */
    @Test void anExpectLineThatNamesItsSearchIsCheckedWithIt() throws IOException {
        Path f = dir.resolve("by.kp");
        Files.writeString(f, "scenario by \"named searches\"\nconfig { runs 20 }\n" + ABBA + """
            expect abba deadlock within 20 runs depth 2 by pct
            expect ordered clean
            """);
        Result r = pagerace("check", f.toString(), "--engine", "pure");
        assertTrue(r.out().contains("verdict by/abba: 20 runs of pct(d=2,k="), r.out());
        assertTrue(r.out().contains("verdict by/ordered: 20 runs of fair:"), r.out());
        Result random = pagerace("check", f.toString(), "--engine", "pure", "--strategy", "random");
        assertTrue(random.out().contains("verdict by/abba: 20 runs of random:"), random.out());
    }
}
