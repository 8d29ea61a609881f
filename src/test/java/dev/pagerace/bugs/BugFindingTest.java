package dev.pagerace.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.engine.ActorEngine;
import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.Program;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Known-bad protocols are caught within N seeds; correct ones stay clean over M seeds. Runs on the actor engine. */
class BugFindingTest {
    private static ActorEngine engine;

    @BeforeAll static void start() { engine = ActorEngine.start(); }

    @AfterAll static void stop() { engine.close(); }

    private static List<RunResult> runs(Program p, int n) {
        return engine.runMany(p, RandomStrategy::new, 0, n, false, null);
    }

    private static RunResult firstViolation(List<RunResult> rs) {
        for (RunResult r : rs) if (!(r.outcome() instanceof Outcome.Clean)) return r;
        return null;
    }

    private static Map<String, Integer> outcomes(List<RunResult> rs) {
        Map<String, Integer> m = new TreeMap<>();
        for (RunResult r : rs) m.merge(r.outcome().label(), 1, Integer::sum);
        return m;
    }

    private static Violation.Deadlock deadlock(RunResult r) {
        assertNotNull(r, "no violation found");
        Outcome.Violated v = assertInstanceOf(Outcome.Violated.class, r.outcome(), () -> "seed " + r.seed() + ": " + r.outcome());
        return assertInstanceOf(Violation.Deadlock.class, v.violation());
    }

    @Test void abbaBetweenTwoTasksIsFound() {
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t1 { repeat 3 { lock a ; lock b ; unlock b ; unlock a } }
            task t2 { repeat 3 { lock b ; lock a ; unlock a ; unlock b } }
            """);
        Violation.Deadlock d = deadlock(firstViolation(runs(p, 200)));
        assertEquals(2, d.cycle().size());
        assertEquals(List.of("t1", "t2"), d.cycle().stream().map(Violation.Waiting::task).sorted().toList());
        for (Violation.Waiting w : d.cycle()) {
            assertEquals(1, w.holders().size(), "each waits for a lock the other holds");
            assertTrue(!w.holders().get(0).task().equals(w.task()));
        }
    }

    @Test void orderedLockingStaysClean() {
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t * 3 { repeat 3 { lock a ; lock b ; unlock b ; unlock a } }
            """);
        assertEquals(Map.of("clean", 500), outcomes(runs(p, 500)));
    }

    @Test void recursiveDownReadBehindAQueuedWriterDeadlocks() {
        Program p = TestScenarios.one("""
            inode f pages 1 backing disk
            task reader { repeat 3 { down_read f.i_rwsem ; yield ; down_read f.i_rwsem ; up_read f.i_rwsem ; up_read f.i_rwsem } }
            task writer { repeat 3 { down_write f.i_rwsem ; up_write f.i_rwsem } }
            """);
        Violation.Deadlock d = deadlock(firstViolation(runs(p, 300)));
        assertEquals(List.of("reader", "writer"), d.cycle().stream().map(Violation.Waiting::task).sorted().toList());
        Violation.Waiting reader = d.cycle().stream().filter(w -> w.task().equals("reader")).findFirst().orElseThrow();
        assertEquals("read", reader.mode());
        assertEquals("f.i_rwsem", reader.resource());
        assertTrue(reader.held().stream().anyMatch(h -> h.resource().equals("f.i_rwsem") && h.mode().equals("read")),
            "the reader already holds the rwsem it queues for");
    }

    private static final String WAKEUP = """
        inode x pages 1 backing swap
        field x.ready = 0
        waitq x.q
        task waker { yield ; lock x.i_lock ; x.ready = 1 ; wake_all x.q ; unlock x.i_lock }
        variant racy {
            # checks the condition under the lock but sleeps after dropping it: the wakeup can be lost
            task waiter { lock x.i_lock ; r = x.ready ; unlock x.i_lock ; if r == 0 { wait x.q } }
        }
        variant releasing {
            # prepare_to_wait; spin_unlock; schedule
            task waiter { lock x.i_lock ; if x.ready == 0 { wait x.q releasing x.i_lock } else { unlock x.i_lock } }
        }
        """;

    @Test void aWaitAfterDroppingTheLockLosesTheWakeup() {
        Violation.Deadlock d = deadlock(firstViolation(runs(TestScenarios.compile(WAKEUP, "racy"), 300)));
        assertTrue(d.stall(), "nobody is left to wake the waiter: the run stalls");
        assertEquals("waiter", d.blocked().get(0).task());
        assertEquals("x.q", d.blocked().get(0).resource());
    }

    @Test void waitReleasingCannotLoseTheWakeup() {
        assertEquals(Map.of("clean", 1000), outcomes(runs(TestScenarios.compile(WAKEUP, "releasing"), 1000)));
    }

    private static final String WRITEOUT = """
        inode f pages 2 backing disk
        task t {
            b = get_block f 0
            p = add f 0 from b
            write p
            free_blocks f 0..1
            writeback p
            unlock_page p
        }
        """;

    /**
     * A page read from a block keeps that block as its buffer mapping when a write changes its data, so
     * its writeback goes to the block even after the file gave it back (Amir Goldstein's "stale mapping
     * data gets used for writeout"). The page's data is the write's by then: only the mapping betrays it.
     */
    @Test void writebackThroughAStaleBufferMappingIsCaught() {
        RunResult r = runs(TestScenarios.one(WRITEOUT), 1).get(0);
        Outcome.Violated v = assertInstanceOf(Outcome.Violated.class, r.outcome(), () -> "" + r.outcome());
        Violation.StaleData s = assertInstanceOf(Violation.StaleData.class, v.violation());
        assertTrue(s.detail().contains("written back") && s.detail().contains("corrupt block 0"), s.detail());
        assertTrue(s.data().startsWith("block(0,0)"), "the write goes to the old mapping: " + s.data());
    }

    @Test void writebackAfterTheMappingWasLookedUpAgainIsClean() {
        // the same page written back while the file still maps its block
        Program p = TestScenarios.one(WRITEOUT.replace("free_blocks f 0..1\n", ""));
        assertEquals(Map.of("clean", 1), outcomes(runs(p, 1)));
    }

    /** A fill that looked its block up before the file freed it, and reads it in after: the I/O reads a freed block. */
    private static final String READ_BLOCK = """
        inode f pages 2 backing disk
        task t {
            p = add f 1
            b = get_block f 1
            free_blocks f 1..2
            read_block p b
            unlock_page p
            read p
        }
        """;

    @Test void readBlockOfAFreedBlockIsStaleDataWhenTheDataArrives() {
        RunResult r = runs(TestScenarios.one(READ_BLOCK), 1).get(0);
        Outcome.Violated v = assertInstanceOf(Outcome.Violated.class, r.outcome(), () -> "" + r.outcome());
        Violation.StaleData s = assertInstanceOf(Violation.StaleData.class, v.violation());
        assertTrue(s.data().startsWith("block(1,0)"), s.data());
    }

    @Test void readBlockOfAHoleOrALiveBlockIsClean() {
        // the block looked up after the free: a hole, zeroes; or no free at all: the live block
        assertEquals(Map.of("clean", 1), outcomes(runs(TestScenarios.one(READ_BLOCK.replace("read_block p b", "read_block p (get_block f 1)")), 1)));
        assertEquals(Map.of("clean", 1), outcomes(runs(TestScenarios.one(READ_BLOCK.replace("free_blocks f 1..2\n", "")), 1)));
    }

    @Test void readBlockNeedsThePageLock() {
        RunResult r = runs(TestScenarios.one(READ_BLOCK.replace("    read_block p b\n    unlock_page p", "    unlock_page p\n    read_block p b")), 1).get(0);
        assertTrue(r.outcome().toString().contains("without holding its page lock"), "" + r.outcome());
    }

    @Test void shmemFallocateRfc2026DeadlocksOnItsOwnInvalidateLockThroughReclaim() {
        Program p = TestScenarios.file("scenarios/shmem-fallocate.kp", "rfc-2026");
        List<RunResult> rs = runs(p, 2000);
        // the first self-deadlock of the fallocator: the punches and faults deadlock in other runs
        RunResult first = rs.stream().filter(r -> r.outcome() instanceof Outcome.Violated v
                && v.violation() instanceof Violation.Deadlock dl && dl.cycle().size() == 1
                && dl.cycle().get(0).task().equals("fallocator"))
            .findFirst().orElse(null);
        Violation.Deadlock d = deadlock(first);
        assertEquals(1, d.cycle().size(), "a self-deadlock: " + d.headline());
        Violation.Waiting w = d.cycle().get(0);
        assertEquals("fallocator", w.task());
        assertEquals("shm.invalidate_lock", w.resource());
        assertEquals("read", w.mode());
        assertEquals(1, w.holders().size());
        assertEquals("fallocator", w.holders().get(0).task());
        assertEquals("write", w.holders().get(0).mode());
        assertTrue(w.where().endsWith("in writeout()"), w.where());
        assertTrue(w.stack().contains("reclaim()") && w.stack().contains("get_folio()") && w.stack().contains("fallocate()"),
            "reached through alloc -> reclaim -> writeout:\n" + w.stack());
        assertTrue(w.holders().get(0).where().endsWith("in fallocate()"));
    }

    @Test void shmemFallocateMainlineStaysClean() {
        Program p = TestScenarios.file("scenarios/shmem-fallocate.kp", "mainline");
        assertEquals(Map.of("clean", 2000), outcomes(runs(p, 2000)));
    }

    @Test void aReadThatCopiesAPageAPunchRemovedReturnsPrePunchDataAndIsClean() {
        // a correct ext4 invalidate_lock protocol: the data oracles judge the read linearizably
        for (String v : List.of("plain", "delayed")) {
            Program p = TestScenarios.file("src/test/resources/scenarios/fp-read-vs-punch.kp", v);
            assertEquals(Map.of("clean", 3000), outcomes(runs(p, 3000)), v);
            for (String strategy : List.of("pct(d=2)", "pct(d=3)", "fair")) {
                dev.pagerace.engine.StrategySpec spec = dev.pagerace.engine.StrategySpec.parse(strategy).resolve(p);
                assertEquals(Map.of("clean", 2000), outcomes(engine.runMany(p, spec::create, 0, 2000, false, null)), v + " under " + strategy);
            }
        }
    }

    @Test void aFillThatThePunchCannotHoldOffReadsAFreedBlock() {
        // without invalidate_lock in the fill, the page can be filled from the block after the punch freed it
        Program p = TestScenarios.one("""
            inode f pages 1 backing disk
            path fill_page(ino, idx) {
                p = find ino idx
                if is_page(p) { return p }
                blk = get_block ino idx
                if blk == none { p = add ino idx uptodate } else { p = add ino idx from blk }
                if p == none { return fill_page(ino, idx) }
                set_uptodate p ; unlock_page p ; return p
            }
            task reader { p = fill_page(f, 0) ; read p }
            task puncher { down_write f.invalidate_lock ; unmap f 0..1
                p = find f 0 ; if is_page(p) { lock_page p ; if p.mapping == f { delete p } ; unlock_page p }
                free_blocks f 0..1 ; up_write f.invalidate_lock }
            """);
        Map<String, Integer> o = outcomes(runs(p, 2000));
        assertTrue(o.getOrDefault("stale_data", 0) > 0, o.toString());
    }

    @Test void aTaskThatEndsHoldingALockIsALockLeak() {
        Program p = TestScenarios.one("""
            lock m mutex
            task leaker { lock m }
            task other { lock m ; unlock m }
            """);
        List<RunResult> rs = runs(p, 50);
        for (RunResult r : rs) {
            assertTrue(r.violations().stream().anyMatch(v -> v instanceof Violation.LockLeak l && l.held().get(0).resource().equals("m")),
                "seed " + r.seed() + ": " + r.outcome());
        }
    }
}
