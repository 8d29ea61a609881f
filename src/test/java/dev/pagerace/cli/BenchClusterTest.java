package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.CliRun.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bench cluster} runs the same rounds on the embedded node and on three loopback nodes; its figures are not asserted, its shape and its input checks are. */
class BenchClusterTest {
    @Test @Timeout(180)
    void bothClustersRunEveryRoundAndTheRatioIsPrinted() {
        Result r = pagerace("bench", "cluster", "scenarios/xfs-reflink.kp", "--variant", "generic-invalidate-lock", "--runs", "120",
            "--iterations", "2", "--warmup", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        for (String cluster : new String[] {"embedded, one node", "three loopback nodes and a driver"}) {
            String row = r.out().lines().filter(l -> l.startsWith("| " + cluster + " |")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
            double median = Double.parseDouble(row.split("\\|")[2].trim().split(" ")[0].replace(",", ""));
            assertTrue(median > 0, row);
            // a line per timed round on stderr, for each cluster
            assertEquals(2, r.err().lines().filter(l -> l.startsWith("bench: round ") && l.contains(cluster)).count(), r.err());
            // at least the one warm-up round asked for, at most the limit, as many for each cluster
            long warm = r.err().lines().filter(l -> l.startsWith("bench: warm-up ") && l.contains(cluster)).count();
            assertTrue(warm >= 1 && warm <= dev.pagerace.campaign.ClusterBench.WARMUP_MAX_ROUNDS, r.err());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("three/embedded: ") && l.contains("120 runs a round, 2 timed rounds")), r.out());
    }

    @Test void badCountsAndAnUnknownVariantAreBadInputBeforeAnyNodeStarts() {
        Result runs = pagerace("bench", "cluster", "--runs", "0");
        assertEquals(2, runs.code());
        assertTrue(runs.err().contains("--runs must be at least 1, --iterations between 1 and 1000, --warmup between 0 and 8"), runs.err());
        Result warm = pagerace("bench", "cluster", "--warmup", "9");
        assertEquals(2, warm.code(), warm.err());
        Result v = pagerace("bench", "cluster", "scenarios/xfs-reflink.kp", "--variant", "nope");
        assertEquals(2, v.code(), v.err());
        assertTrue(v.err().contains("nope"), v.err());
        // over several files, as in a campaign: bad input only when no file has the variant
        Result none = pagerace("bench", "cluster", "scenarios/xfs-reflink.kp", "scenarios/gfs2-glock-mmap.kp", "--variant", "nope");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("no scenario has a variant 'nope' (2 files)"), none.err());
    }
}
