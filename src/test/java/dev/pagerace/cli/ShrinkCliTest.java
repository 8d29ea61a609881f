package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.CliRun.Result;
import org.junit.jupiter.api.Test;

/** {@code run --shrink} and {@code replay --shrink} as a user meets them: the shrunk schedule they print replays. */
class ShrinkCliTest {
    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in\n" + out));
    }

    @Test void runShrinkPrintsBothLengthsAndAScheduleThatReplaysTheShrunkRun() {
        Result r = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--seed", "2", "--engine", "pure", "--shrink");
        assertEquals(1, r.code(), r.out());
        assertTrue(line(r.out(), "original:").contains("seed 2") && line(r.out(), "original:").endsWith(", 614 deliveries"), r.out());
        String shrunk = line(r.out(), "shrunk:");
        long steps = Long.parseLong(shrunk.replaceAll("^shrunk: +(\\d+) deliveries \\(614 before\\).*$", "$1"));
        assertTrue(steps < 614 / 4, shrunk);
        assertTrue(r.out().contains("# deadlock after " + steps + " deliveries"), "the shrunk trace is printed in full");
        assertTrue(r.out().contains("#1 "), "from its first delivery");

        String schedule = line(r.out(), "schedule:").substring("schedule:".length()).trim();
        Result replay = pagerace("replay", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--schedule", schedule, "--engine", "actors");
        assertEquals(1, replay.code(), replay.out());
        assertTrue(replay.out().contains("# deadlock after " + steps + " deliveries"), replay.out());

        // shrinking what is already shrunk keeps it as short
        Result again = pagerace("replay", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--schedule", schedule, "--engine", "pure", "--shrink");
        assertTrue(line(again.out(), "shrunk:").startsWith("shrunk:   " + steps + " deliveries (" + steps + " before)"), again.out());
    }

    @Test void aCleanRunHasNothingToShrink() {
        Result r = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "mainline", "--seed", "1", "--engine", "pure", "--shrink");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("nothing to shrink: the run shows no violation"), r.out());
    }
}
