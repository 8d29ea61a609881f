package dev.pagerace.engine.dfs;

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

/** {@code run --strategy dfs} and {@code check --strategy dfs} from the command line, and the printed replay command. */
class DfsCliTest {
    @TempDir Path dir;

    private Path scenario() throws IOException {
        Path f = dir.resolve("locks.kp");
        Files.writeString(f, """
            lock a mutex
            lock b mutex
            task t * 2 { lock a ; lock b ; unlock b ; unlock a }
            variant ordered { }
            variant abba { task u { lock b ; lock a ; unlock a ; unlock b } }
            expect ordered clean
            expect abba deadlock within 100 runs
            expect abba lock_order within 100 runs
            """);
        return f;
    }

    @Test void aCleanVariantIsExhaustedAndExitsZero() throws IOException {
        Result r = pagerace("run", scenario().toString(), "--variant", "ordered", "--strategy", "dfs");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("dfs locks/ordered: exhausted: "), r.out());
        assertTrue(r.out().contains(", no violation"), r.out());
        Result nosym = pagerace("run", scenario().toString(), "--variant", "ordered", "--strategy", "dfs", "--no-symmetry", "--no-por");
        assertTrue(nosym.out().contains("options --no-symmetry --no-por"), nosym.out());
    }

    @Test void aDeadlockPrintsAReportWhoseReplayCommandReproducesIt() throws IOException {
        Path f = scenario();
        Result r = pagerace("run", f.toString(), "--variant", "abba", "--strategy", "dfs");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("*** DEADLOCK ***"), r.out());
        assertTrue(r.out().contains("dfs locks/abba: violation: deadlock after "), r.out());
        Matcher m = Pattern.compile("--schedule (pr1\\.\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        Result replay = pagerace("replay", f.toString(), "--variant", "abba", "--schedule", m.group(1), "--engine", "actors");
        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("*** DEADLOCK ***"), replay.out());
    }

    @Test void checkWithDfsJudgesEveryVariantAgainstItsExpectLines() throws IOException {
        Result r = pagerace("check", scenario().toString(), "--strategy", "dfs");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("locks/ordered"), r.out());
        assertTrue(r.out().matches("(?s).*locks/ordered\\s+clean\\s+ok\\s+exhausted: .*"), r.out());
        assertTrue(r.out().matches("(?s).*locks/abba\\s+deadlock, lock_order\\s+ok\\s+violation: deadlock.*"), r.out());
    }
}
