package dev.pagerace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.lang.Compiler;
import dev.pagerace.lang.Loader;
import dev.pagerace.lang.ScenarioException;
import dev.pagerace.program.Program;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The LRU through whole runs: actors/shmem.kp's reclaim takes the oldest folio; programs without the LRU keep their counts. */
class LruSemanticsTest {
    /** actors/shmem.kp with one file and one task that fills 2, 0, 3 in that order, then runs {@code then}. */
    private static Program shmem(String then) {
        String text = """
            import "../actors/shmem.kp"
            config { reclaim_chance 0/1 }
            inode shm pages 4 backing swap
            field shm.falloc_mode = NONE
            field shm.falloc_start = 0
            field shm.falloc_next = 0
            field shm.falloc_nr_unswapped = 0
            waitq shm.falloc_wq
            path fill(idx) {
                p = get_folio(shm, idx, CACHE)
                unlock_page p
            }
            task t { fill(2) ; fill(0) ; fill(3) ; %s }
            """.formatted(then);
        try {
            return Compiler.compileAll(Loader.fromText("lru.kp", Path.of("scenarios/lru.kp"), text)).values().iterator().next();
        } catch (ScenarioException e) {
            throw new AssertionError(e.render(), e);
        }
    }

    /** The slots swapped out, in trace order. */
    private static List<String> swappedOut(Program p) {
        RunResult r = PureRunner.run(p, new RandomStrategy(0), 0, true);
        assertEquals("clean", r.outcome().label(), r.trace());
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("swap_out\\s+(shm\\[\\d\\])").matcher(r.trace());
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test void reclaimTakesTheOldestFolioFirst() {
        assertEquals(List.of("shm[2]", "shm[0]", "shm[3]"), swappedOut(shmem("reclaim() ; reclaim() ; reclaim() ; reclaim()")));
    }

    @Test void aFolioNofsReclaimKeepsGoesToTheYoungEnd() {
        // may_enter_fs() is false inside the scope: the coldest folio (2) is kept and put back behind 3
        assertEquals(List.of("shm[0]", "shm[3]", "shm[2]"),
            swappedOut(shmem("memalloc_nofs { reclaim() } ; reclaim() ; reclaim() ; reclaim()")));
    }

    @Test void aFolioTruncatedWhileIsolatedIsFreedNotPutBack() {
        // isolate the coldest by hand, truncate it, then let reclaim's own path meet it: nothing is written and the
        // next reclaim takes the next folio, not the freed one
        Program p = shmem("v = lru_isolate ; truncate_range(shm, 2, 3) ; if trylock_page v { unlock_page v } ; lru_putback v ; reclaim()");
        RunResult r = PureRunner.run(p, new RandomStrategy(0), 0, true);
        assertEquals("clean", r.outcome().label(), r.trace());
        assertTrue(r.trace().contains("page#1@shm[2] is isolated by reclaim: freed when reclaim drops it"), r.trace());
        assertTrue(r.trace().contains("page#1@shm[2] left the cache: freed, not put back"), r.trace());
        Matcher m = Pattern.compile("swap_out\\s+(shm\\[\\d\\])").matcher(r.trace());
        assertTrue(m.find());
        assertEquals("shm[0]", m.group(1));
    }

    private static final String COUNTS = """
        inode f pages 2 backing swap
        task t {
            p = add f 0
            unlock_page p
            lock_page p
            swap_out p
            unlock_page p
            s = find f 0
            q = swap_in f 0
            unlock_page q
            lock_page q
            gone = delete q
            unlock_page q
        }
        task u { yield ; yield }
        """;

    @Test void aProgramWithoutLruOperationsKeepsItsDeliveryCounts() {
        // 26: this program's deliveries at seed 3 before the LRU existed
        RunResult plain = PureRunner.run(TestScenarios.one(COUNTS), new RandomStrategy(3), 3, false);
        assertEquals(26, plain.steps());
        // the same program with an LRU operation (never run): each entry to the cache (add, swap_in) and each exit
        // (swap_out, delete) takes one delivery more, through the LRU
        Program lru = TestScenarios.one(COUNTS + "path unused() { v = lru_isolate }\n");
        assertTrue(lru.usesLru());
        assertEquals(30, PureRunner.run(lru, new RandomStrategy(3), 3, false).steps());
    }
}
