package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.CliRun.Result;
import org.junit.jupiter.api.Test;

/** {@code bench engines} measures both engines on the same seeds; its figures are not asserted, its shape and its input checks are. */
class BenchEnginesTest {
    @Test void aRowPerVariantWithBothEnginesAndTheSameDeliveriesPerRun() {
        Result r = pagerace("bench", "engines", "scenarios/gfs2-glock-mmap.kp", "--variant", "fault-in-retry", "--runs", "5",
            "--iterations", "2", "--warmup", "0");
        assertEquals(0, r.code(), r.out() + r.err());
        String row = r.out().lines().filter(l -> l.startsWith("| gfs2-glock-mmap/fault-in-retry |")).findFirst().orElseThrow();
        String[] cells = row.split("\\|");
        assertEquals(11, cells.length, row); // a leading empty cell and ten columns
        assertTrue(Double.parseDouble(cells[2].trim()) > 0, "deliveries per run: " + row);
        assertTrue(Double.parseDouble(cells[7].trim()) > 0, "the actor/pure ratio: " + row);
        // gfs2-glock-mmap: every task, lock, page slot, inode, wait queue and the block pool is an actor of the run
        assertEquals(dev.pagerace.TestScenarios.file("scenarios/gfs2-glock-mmap.kp", "fault-in-retry").objectCount(), Integer.parseInt(cells[8].trim()), row);
        assertTrue(Double.parseDouble(cells[9].trim().replace(",", "")) > Double.parseDouble(cells[10].trim().replace(",", "")),
            "a run allocates more than one delivery does: " + row);
    }

    @Test void nonsenseCountsAreBadInput() {
        Result r = pagerace("bench", "engines", "--runs", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--runs and --iterations must be at least 1"), r.err());
    }
}
