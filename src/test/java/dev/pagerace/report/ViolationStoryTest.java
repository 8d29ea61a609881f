package dev.pagerace.report;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.CliRun.Result;
import org.junit.jupiter.api.Test;

/** Violations explain themselves: the causal steps are in the report, with step numbers and sites, not only in the trace. */
class ViolationStoryTest {
    private static void inOrder(String text, String... parts) {
        int at = -1;
        for (String p : parts) {
            int i = text.indexOf(p, at + 1);
            assertTrue(i > at, "'" + p + "' after position " + at + " in:\n" + text);
            at = i;
        }
    }

    @Test void aStaleWritebackListsTheMapReadTheAddTheFreeAndTheWriteback() {
        Result r = pagerace("run", "scenarios/ext4-punch-read.kp", "--variant", "pre-2021", "--seed", "3", "--tail", "0");
        String stale = r.out().substring(r.out().indexOf("VIOLATION: stale_data"));
        inOrder(stale, "how block(1,0) got there",
            "#86     reader-1       get_block f[1] -> block(1,0): the block map is read, at: actors/filemap.kp:11 in fill_page()",
            "#100    reader-1       page#3 added to f[1] holding block(1,0), at: actors/filemap.kp:15 in fill_page()",
            "#184    puncher        f[1] no longer maps block 1 (blocks freed), at: scenarios/ext4-punch-read.kp:29 in punch()",
            "#187    puncher        block 1 back in the pool: generation 0 ends",
            "#291    flusher        writeback of page#3 to block(1,0), at: scenarios/ext4-punch-read.kp:75 in flush()");
    }

    @Test void aLostWakeupPointsAtTheWakeThatFoundNobody() {
        Result r = pagerace("run", "src/test/resources/scenarios/report-shapes.kp", "--variant", "lost-wakeup", "--seed", "1", "--tail", "0");
        assertTrue(r.out().contains("the last wake_all done_wq was at step 17 by writer at src/test/resources/scenarios/report-shapes.kp:18 in task writer,"
            + " before this task queued at step 22, and found nobody waiting"), r.out());
    }

    @Test void aStarvingPunchShowsItsTimeline() {
        Result r = pagerace("run", "scenarios/shmem-hole-punch.kp", "--variant", "pincer-2014", "--strategy", "fair", "--seed", "0", "--tail", "0");
        inOrder(r.out(), "VIOLATION: starvation", "timeline of the op",
            "#13     puncher        op punch begins, at: scenarios/shmem-hole-punch.kp:48 in task puncher",
            "puncher        removes page#4 from shm[0]",
            "faulter-3      refills shm[0] (page#7) after this op emptied it: undo #1, at: actors/shmem.kp:44 in get_folio()",
            "refills shm[4] (page#25) after this op emptied it: undo #16");
    }

    @Test void anOrphanMappingShowsThePageFoundThenDeletedThenMapped() {
        Result r = pagerace("run", "scenarios/filemap-map-pages.kp", "--variant", "torvalds-list", "--seed", "0", "--engine", "pure", "--tail", "0");
        String orphan = r.out().substring(r.out().indexOf("VIOLATION: orphan_mapping"));
        inOrder(orphan, "what happened to page#3",
            "#209    mapper         finds page#3 in f[3], at: scenarios/filemap-map-pages.kp:186 in map_one()",
            "#213    truncater      deletes page#3 from f[3], at: scenarios/filemap-map-pages.kp:49 in truncate_to()",
            "#226    mapper         maps page#3, which is no longer in f[3], at: scenarios/filemap-map-pages.kp:192 in map_one()");
    }

    @Test void aPunchResidueShowsTheOpAndHowTheSurvivorCameBack() {
        Result r = pagerace("run", "scenarios/shmem-swap-punch.kp", "--variant", "one-pass-no-swap-retry", "--seed", "75", "--engine", "pure", "--tail", "0");
        inOrder(r.out(), "VIOLATION: punch_residue", "what happened during the op",
            "#121    puncher        op punch begins",
            "page#15 at shm[0]:",
            "#201    reader-1       page#15 added to shm[0] holding write#2, at: scenarios/shmem-swap-punch.kp:54 in read_page()");
    }
}
