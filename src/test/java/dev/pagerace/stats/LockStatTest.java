package dev.pagerace.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Strategy;
import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Program;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** lock_stat of the model, checked by hand on runs small enough to follow delivery by delivery. */
class LockStatTest {
    /** Always the oldest pending message: a schedule a reader can follow by hand. */
    static final class Fifo implements Strategy {
        @Override public String name() { return "fifo"; }

        @Override public int choose(ChoiceKind kind, int n) { return 0; }
    }

    private static final String TWO = """
        lock a mutex
        task t1 { lock a ; unlock a }
        task t2 { lock a ; unlock a }
        """;

    @Test void twoTasksOnOneMutexByHand() {
        Program p = TestScenarios.one(TWO);
        RunResult r = PureRunner.run(p, new Fifo(), 0, true);
        // #1 t1 starts, asks for a; #2 t2 starts, asks for a; #3 a grants t1 (hold from 3);
        // #4 a: t2 blocks behind t1 (contention, wait from 4); #5 t1 gets a, asks to unlock;
        // #6 a: t1 releases (hold 6-3 = 3), hands over to t2 (wait 6-4 = 2); t2's unlock is delivered at #9 (hold 9-6 = 3)
        assertEquals(1, r.lockUse().size());
        LockStatCollector.Use u = r.lockUse().get(0);
        assertEquals("a", u.cls());
        assertEquals("write", u.mode());
        assertEquals(2, u.acquisitions());
        assertEquals(1, u.contentions());
        assertArrayEquals(new long[] {2}, u.waits());
        assertArrayEquals(new long[] {3, 3}, u.holds());
        assertEquals(0, u.waitsUnfinished());
        assertEquals(0, u.holdsUnfinished());
        assertEquals(List.of("t.kp:3 in task t2"), List.copyOf(u.contentionSites().keySet()));
        assertEquals(List.of("t.kp:2 in task t1"), List.copyOf(u.contendingSites().keySet()));
    }

    @Test void aDeadlockLeavesItsWaitsAndHoldsUnfinishedNotDropped() {
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t1 { lock a ; lock b ; unlock b ; unlock a }
            task t2 { lock b ; lock a ; unlock a ; unlock b }
            """);
        RunResult r = PureRunner.run(p, new Fifo(), 0, true);
        assertTrue(r.outcome() instanceof dev.pagerace.engine.Outcome.Violated, r.trace());
        // #3 a grants t1, #4 b grants t2, #7 t1 blocks on b, #8 t2 blocks on a: both waits and both holds never end
        Map<String, LockStatCollector.Use> byCls = new java.util.TreeMap<>();
        for (LockStatCollector.Use u : r.lockUse()) byCls.put(u.cls(), u);
        assertEquals(List.of("a", "b"), List.copyOf(byCls.keySet()));
        for (LockStatCollector.Use u : byCls.values()) {
            assertEquals(1, u.acquisitions(), u.toString());
            assertEquals(1, u.contentions());
            assertEquals(0, u.waits().length, "a wait that never ended has no length");
            assertEquals(1, u.waitsUnfinished());
            assertEquals(0, u.holds().length);
            assertEquals(1, u.holdsUnfinished());
        }
        assertEquals(Map.of("t.kp:4 in task t2", 1L), byCls.get("a").contentionSites());
        assertEquals(Map.of("t.kp:3 in task t1", 1L), byCls.get("a").contendingSites());

        LockStat stat = new LockStat();
        stat.addRun(r.lockUse());
        LockStat.Cell a = stat.cells().get(0);
        assertEquals(0, a.waits().finished());
        assertEquals(1, a.waits().unfinished());
        assertEquals(1, a.holds().unfinished());
    }

    @Test void readersAndWritersAreCountedApartAndTrylocksAreAcquisitions() {
        Program p = TestScenarios.one("""
            lock s rwsem
            task r1 { down_read s ; up_read s }
            task w { if down_write_trylock s { up_write s } }
            """);
        RunResult r = PureRunner.run(p, new Fifo(), 0, true);
        Map<String, LockStatCollector.Use> byMode = new java.util.TreeMap<>();
        for (LockStatCollector.Use u : r.lockUse()) byMode.put(u.mode(), u);
        assertEquals(1, byMode.get("read").acquisitions(), r.trace());
        long writes = byMode.containsKey("write") ? byMode.get("write").acquisitions() : 0;
        // the trylock either got s (one write acquisition) or found the reader (none): never a contention
        assertEquals(r.trace().contains("busy") ? 0 : 1, writes, r.trace());
        for (LockStatCollector.Use u : r.lockUse()) assertEquals(0, u.contentions());
    }

    @Test void twoBatchesMergedEqualOneBatchOfTheSameRuns() {
        Program p = TestScenarios.file("scenarios/shmem-fallocate.kp", "rfc-2026");
        List<RunResult> runs = new java.util.ArrayList<>();
        for (long s = 0; s < 24; s++) runs.add(PureRunner.run(p, new dev.pagerace.engine.RandomStrategy(s), s, false));
        var one = new dev.pagerace.campaign.VariantSummary(p.scenario(), p.variant(), 0);
        one.add(dev.pagerace.campaign.BatchOutcome.of("all", "random", 0, runs));
        var two = new dev.pagerace.campaign.VariantSummary(p.scenario(), p.variant(), 0);
        // in the order a cluster may finish them: the second half first
        two.add(dev.pagerace.campaign.BatchOutcome.of("b2", "random", 9, runs.subList(9, 24)));
        two.add(dev.pagerace.campaign.BatchOutcome.of("b1", "random", 0, runs.subList(0, 9)));
        var json = dev.pagerace.campaign.ResultsJson.JSON;
        String a = dev.pagerace.campaign.ResultsJson.stats(json.createObjectNode(), one).toString();
        String b = dev.pagerace.campaign.ResultsJson.stats(json.createObjectNode(), two).toString();
        assertEquals(a, b);
        assertTrue(a.contains("\"invalidate_lock\""), a);
        assertTrue(!one.lockStat().isEmpty());
        long acquisitions = 0;
        for (RunResult r : runs) for (LockStatCollector.Use u : r.lockUse()) acquisitions += u.acquisitions();
        long merged = 0;
        for (LockStat.Cell c : two.lockStat().cells()) merged += c.acquisitions();
        assertEquals(acquisitions, merged);
    }
}
