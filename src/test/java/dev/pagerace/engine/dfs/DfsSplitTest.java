package dev.pagerace.engine.dfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.ReplayStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.oracle.LockOrderGraph;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A search split into subtrees (as a dfs campaign ships them) covers exactly what the whole search covers. */
class DfsSplitTest {
    private static final DfsOptions PLAIN = DfsOptions.defaults().withSymmetry(false).withPor(false);

    private record Whole(DfsResult top, List<DfsResult> subtrees) {
        long executions() { return top.executions() + subtrees.stream().mapToLong(DfsResult::executions).sum(); }
    }

    private static Whole split(Program p, DfsOptions o, int target) {
        Explorer.Split s = new Explorer(p, o).split(target);
        List<DfsResult> subs = new ArrayList<>();
        for (List<int[]> prefix : s.prefixes()) {
            // through the text form, as the prefixes cross nodes
            subs.add(new Explorer(p, o).explore(Prefix.decode(Prefix.encode(prefix), 1000)));
        }
        return new Whole(s.top(), subs);
    }

    @Test void theSubtreesOfAStatelessSplitHoldEveryInterleavingExactlyOnce() {
        Program p = TestScenarios.one("task t * 2 { yield }\n");
        for (int target : new int[] {1, 2, 3, 4, 6}) {
            Whole w = split(p, PLAIN.withStateHashing(false), target);
            assertEquals(6, w.executions(), "4!/(2!2!) interleavings, split for " + target + " subtrees");
            if (target > 1) assertTrue(w.subtrees().size() >= target, w.subtrees().size() + " subtrees for " + target);
        }
    }

    @Test void aSplitSearchFindsTheLostWakeupAndItsCounterexampleReplaysFromTheStart() {
        Program racy = TestScenarios.compile(DfsTest.WAKEUP, "racy");
        Whole w = split(racy, DfsOptions.defaults(), 4);
        DfsResult bad = w.subtrees().stream().filter(d -> d.verdict() == DfsResult.Verdict.VIOLATION).findFirst().orElse(null);
        if (bad == null) bad = w.top();
        assertEquals(DfsResult.Verdict.VIOLATION, bad.verdict(), bad.line());
        RunResult cex = bad.counterexample();
        assertNotNull(cex);
        RunResult again = PureRunner.run(racy, new ReplayStrategy(cex.schedule(), null, false), 0, true);
        assertEquals(body(cex.trace()), body(again.trace()), "the subtree's schedule starts at the initial state");
        assertFalse(again.violations().isEmpty());

        Whole clean = split(TestScenarios.compile(DfsTest.WAKEUP, "releasing"), DfsOptions.defaults(), 4);
        assertEquals(DfsResult.Verdict.EXHAUSTED, clean.top().verdict(), clean.top().line());
        for (DfsResult d : clean.subtrees()) assertEquals(DfsResult.Verdict.EXHAUSTED, d.verdict(), d.line());
    }

    /** A trace without its header line, which names the strategy. */
    private static String body(String trace) { return trace.substring(trace.indexOf('\n') + 1); }

    @Test void aLockOrderCycleSpreadOverTwoSubtreesIsFoundOverTheUnionOfTheirEdges() {
        // t1 takes a then b, t2 b then a, but never both in one run: which of them runs is the first choice,
        // so each subtree sees one order only and neither alone has a cycle
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t { if rand(0, 1) == 0 { lock a ; lock b ; unlock b ; unlock a } else { lock b ; lock a ; unlock a ; unlock b } }
            """);
        Whole w = split(p, DfsOptions.defaults(), 2);
        assertTrue(w.subtrees().size() >= 2);
        LockOrderGraph g = new LockOrderGraph();
        g.add(w.top().edges(), -1);
        for (DfsResult d : w.subtrees()) g.add(d.edges(), -1);
        assertFalse(g.cycles().isEmpty(), "a --> b in one subtree, b --> a in the other");
    }

    @Test void breadthFirstFindsACounterexampleNoLongerThanAnyOtherRun() {
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task t1 { repeat 2 { yield ; lock a ; lock b ; unlock b ; unlock a } }
            task t2 { repeat 2 { lock b ; yield ; lock a ; unlock a ; unlock b } }
            """);
        DfsResult bfs = new Explorer(p, DfsOptions.defaults()).shortest();
        assertEquals(DfsResult.Verdict.VIOLATION, bfs.verdict(), bfs.line());
        long shortest = bfs.counterexample().steps();
        DfsResult dfs = new Explorer(p, DfsOptions.defaults()).explore();
        assertTrue(shortest <= dfs.counterexample().steps(), shortest + " vs dfs " + dfs.counterexample().steps());
        int violating = 0;
        for (long seed = 0; seed < 200; seed++) {
            RunResult r = PureRunner.run(p, new dev.pagerace.engine.RandomStrategy(seed), seed, false);
            if (r.violations().isEmpty()) continue;
            violating++;
            assertTrue(shortest <= r.steps(), "seed " + seed + " deadlocks in " + r.steps() + " deliveries, bfs said " + shortest);
        }
        assertTrue(violating > 0, "random finds the ABBA too");
    }
}
