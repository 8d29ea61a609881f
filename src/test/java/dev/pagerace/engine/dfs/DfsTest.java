package dev.pagerace.engine.dfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.engine.ActorEngine;
import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.ReplayStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Schedule;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exhaustive search: exact counts on tiny scenarios, the seed bugs found, and counterexamples that replay. */
class DfsTest {
    private static final DfsOptions PLAIN = DfsOptions.defaults().withSymmetry(false).withPor(false);

    private static DfsResult dfs(Program p, DfsOptions o) { return new Explorer(p, o).explore(); }

    /** Two tasks of two deliveries each (start, then the yield's answer), touching nothing shared. */
    private static final String TWO_BY_TWO = "task t * 2 { yield }\n";

    @Test void statelessDfsEnumeratesEveryInterleavingOfTwoTasksOfTwoSteps() {
        DfsResult r = dfs(TestScenarios.one(TWO_BY_TWO), PLAIN.withStateHashing(false));
        assertEquals(DfsResult.Verdict.EXHAUSTED, r.verdict());
        assertEquals(6, r.executions(), "4!/(2!2!) interleavings");
        assertEquals(18, r.transitions(), "the tree: 2 + 4 + 6 + 6 edges");
    }

    @Test void stateHashingStoresTheGridAndSymmetryFoldsItsMirrorHalf() {
        DfsResult plain = dfs(TestScenarios.one(TWO_BY_TWO), PLAIN);
        assertEquals(9, plain.states(), "(steps of t-0, steps of t-1) in {0,1,2}^2");
        assertEquals(12, plain.transitions(), "every edge of the 3x3 grid once");
        assertEquals(1, plain.executions(), "one final state");
        DfsResult sym = dfs(TestScenarios.one(TWO_BY_TWO), PLAIN.withSymmetry(true));
        assertEquals(6, sym.states(), "unordered pairs {a,b} of {0,1,2}: the instances are interchangeable");
        assertEquals(8, sym.transitions());
    }

    @Test void partialOrderReductionCollapsesIndependentInterleavingsToOne() {
        DfsResult r = dfs(TestScenarios.one(TWO_BY_TWO), PLAIN.withStateHashing(false).withPor(true));
        assertEquals(1, r.executions(), "the two tasks share nothing: one Mazurkiewicz trace");
        assertTrue(r.transitions() < 18, "fewer than the full tree: " + r.line());
    }

    @Test void symmetryKeepsTheVerdictAndStoresFewerStates() {
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t * 3 { repeat 2 { lock a ; lock b ; unlock b ; unlock a } }
            """);
        DfsResult plain = dfs(p, PLAIN);
        DfsResult sym = dfs(p, PLAIN.withSymmetry(true));
        assertEquals(DfsResult.Verdict.EXHAUSTED, plain.verdict(), plain.line());
        assertEquals(DfsResult.Verdict.EXHAUSTED, sym.verdict(), sym.line());
        assertEquals(plain.executions(), sym.executions(), "one final state either way");
        assertTrue(sym.states() * 3 < plain.states(), "3! orders of three alike tasks: " + sym.states() + " vs " + plain.states());
    }

    @Test void partialOrderReductionKeepsEveryFinalStateAndTheVerdict() {
        Program p = TestScenarios.compile(WAKEUP, "releasing");
        DfsResult full = dfs(p, PLAIN);
        DfsResult por = dfs(p, PLAIN.withPor(true));
        assertEquals(DfsResult.Verdict.EXHAUSTED, por.verdict(), por.line());
        assertEquals(full.executions(), por.executions(), "ample and sleep sets keep every reachable end state");
        assertTrue(por.transitions() < full.transitions(), por.line() + " vs " + full.line());
    }

    @Test void dfsFindsTheAbbaDeadlock() {
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t1 { repeat 3 { lock a ; lock b ; unlock b ; unlock a } }
            task t2 { repeat 3 { lock b ; lock a ; unlock a ; unlock b } }
            """);
        Violation.Deadlock d = deadlock(dfs(p, DfsOptions.defaults()));
        assertEquals(List.of("t1", "t2"), d.cycle().stream().map(Violation.Waiting::task).sorted().toList());
    }

    @Test void dfsFindsTheRecursiveReadBehindAQueuedWriter() {
        Program p = TestScenarios.one("""
            inode f pages 1 backing disk
            task reader { repeat 3 { down_read f.i_rwsem ; yield ; down_read f.i_rwsem ; up_read f.i_rwsem ; up_read f.i_rwsem } }
            task writer { repeat 3 { down_write f.i_rwsem ; up_write f.i_rwsem } }
            """);
        Violation.Deadlock d = deadlock(dfs(p, DfsOptions.defaults()));
        Violation.Waiting reader = d.cycle().stream().filter(w -> w.task().equals("reader")).findFirst().orElseThrow();
        assertEquals("read", reader.mode());
        assertTrue(reader.held().stream().anyMatch(h -> h.resource().equals("f.i_rwsem")), "it already holds the rwsem it queues for");
    }

    static final String WAKEUP = TestScenarios.WAKEUP;

    @Test void dfsFindsTheLostWakeupAndProvesTheReleasingWaitClean() {
        Violation.Deadlock d = deadlock(dfs(TestScenarios.compile(WAKEUP, "racy"), DfsOptions.defaults()));
        assertTrue(d.stall(), "nobody is left to wake the waiter");
        assertEquals("waiter", d.blocked().get(0).task());
        DfsResult clean = dfs(TestScenarios.compile(WAKEUP, "releasing"), DfsOptions.defaults());
        assertEquals(DfsResult.Verdict.EXHAUSTED, clean.verdict(), clean.line());
        assertTrue(clean.line().startsWith("exhausted: "), clean.line());
        assertTrue(clean.line().endsWith(", no violation"), clean.line());
    }

    @Test void choicesInsideADeliveryAreBranchPoints() {
        // only the last of three rand values and the second branch of choose fail: dfs must reach both
        DfsResult r = dfs(TestScenarios.one("task t { x = rand(0, 2) ; assert x != 2 \"x is 2\" }"), DfsOptions.defaults());
        assertEquals("assert", r.kind(), r.line());
        DfsResult c = dfs(TestScenarios.one("task t { choose { x = 0 } or { x = 1 } ; assert x == 0 \"second branch\" }"), DfsOptions.defaults());
        assertEquals("assert", c.kind(), c.line());
        DfsResult ok = dfs(TestScenarios.one("task t { x = rand(0, 2) ; assert x <= 2 \"in range\" }"), PLAIN.withStateHashing(false));
        assertEquals(3, ok.executions(), "one execution per value of rand");
    }

    @Test void aLockOrderCycleOverTheUnionOfExploredEdgesIsAVerdict() {
        // one task takes a then b, later b then a: no run can deadlock, lockdep still reports the inversion
        DfsResult r = dfs(TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t { lock a ; lock b ; unlock b ; unlock a ; lock b ; lock a ; unlock a ; unlock b }
            """), DfsOptions.defaults());
        assertEquals(DfsResult.Verdict.VIOLATION, r.verdict(), r.line());
        assertEquals("lock_order", r.kind());
        assertEquals(1, r.lockOrder().size());
    }

    @Test void aDepthBoundSaysWhatItCovered() {
        Program p = TestScenarios.one("""
            lock a mutex
            task t * 2 { repeat 3 { lock a ; unlock a } }
            """);
        DfsResult r = dfs(p, DfsOptions.defaults().withMaxDepth(5));
        assertEquals(DfsResult.Verdict.BOUND_REACHED, r.verdict());
        assertTrue(r.line().startsWith("bound reached (max-depth 5): "), r.line());
        assertEquals(DfsResult.Verdict.EXHAUSTED, dfs(p, DfsOptions.defaults()).verdict());
        DfsResult s = dfs(p, DfsOptions.defaults().withMaxStates(3));
        assertTrue(s.line().startsWith("bound reached (max-states 3): "), s.line());
    }

    @Test void aPreemptionBoundOfZeroMissesTheAbbaDeadlockButNotItsLockOrderCycle() {
        Program abba = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t1 { lock a ; lock b ; unlock b ; unlock a }
            task t2 { lock b ; lock a ; unlock a ; unlock b }
            """);
        // ABBA needs a switch away from t1 between its two locks (CHESS: most bugs need few preemptions);
        // the serial runs still record a -> b and b -> a, so lockdep's verdict survives the bound
        DfsResult zero = dfs(abba, DfsOptions.defaults().withPreemptionBound(0));
        assertEquals("lock_order", zero.kind(), zero.line());
        assertTrue(zero.line().contains("preemption-bound 0"), zero.line());
        assertEquals("deadlock", dfs(abba, DfsOptions.defaults().withPreemptionBound(1)).kind());
    }

    @Test void theCounterexampleReplaysOnBothEnginesFromItsScheduleText() {
        Program p = TestScenarios.file("scenarios/shmem-fallocate.kp", "rfc-2026");
        DfsResult r = dfs(p, DfsOptions.defaults());
        assertEquals(DfsResult.Verdict.VIOLATION, r.verdict(), r.line());
        RunResult cex = r.counterexample();
        assertNotNull(cex);
        assertEquals("deadlock", cex.outcome().label(), "the traced run shows what the search found");
        Schedule s = Schedule.decode(cex.schedule().encode());
        RunResult pure = PureRunner.run(p, new ReplayStrategy(s, null), 0, true);
        assertEquals(cex.trace().lines().skip(1).toList(), pure.trace().lines().skip(1).toList(), "same deliveries, same outcomes");
        assertEquals(s, pure.schedule());
        try (ActorEngine actors = ActorEngine.start()) {
            RunResult a = actors.run(p, new ReplayStrategy(s, null), 0, true);
            assertEquals(pure.trace(), a.trace(), "byte-identical on the actor engine");
            assertInstanceOf(Outcome.Violated.class, a.outcome());
        }
    }

    private static Violation.Deadlock deadlock(DfsResult r) {
        assertEquals(DfsResult.Verdict.VIOLATION, r.verdict(), r.line());
        assertNotNull(r.counterexample(), "a violation comes with a run");
        Outcome.Violated v = assertInstanceOf(Outcome.Violated.class, r.counterexample().outcome(), () -> r.counterexample().outcome().toString());
        return assertInstanceOf(Violation.Deadlock.class, v.violation());
    }

    /** The data oracles are judged linearizably under every schedule: the correct read-vs-punch protocol, exhaustively. */
    @Test void theReadVsPunchProtocolIsExhaustedCleanAndItsUnserializedFillIsCaught() {
        for (String v : List.of("plain", "delayed")) {
            DfsResult r = dfs(TestScenarios.file("src/test/resources/scenarios/fp-read-vs-punch.kp", v), DfsOptions.defaults());
            assertEquals(DfsResult.Verdict.EXHAUSTED, r.verdict(), v + ": " + r.line());
        }
        DfsResult racy = dfs(TestScenarios.one("""
            inode f pages 1 backing disk
            task reader { blk = get_block f 0 ; p = add f 0 from blk ; if p != none { set_uptodate p ; unlock_page p ; read p } }
            task puncher { down_write f.invalidate_lock ; unmap f 0..1
                p = find f 0 ; if is_page(p) { lock_page p ; if p.mapping == f { delete p } ; unlock_page p }
                free_blocks f 0..1 ; up_write f.invalidate_lock }
            """), DfsOptions.defaults());
        assertEquals(DfsResult.Verdict.VIOLATION, racy.verdict(), racy.line());
    }
}
