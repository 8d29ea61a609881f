package dev.pagerace.engine.dfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The memory bound and the progress reports of a long search: a search the
 * heap cannot hold stops with the bound {@code memory} instead of running out
 * of memory, {@code --max-states} with the count it names stops at the same
 * place, and progress reports come at a fixed pace in transitions.
 */
class SearchBoundsTest {
    /** Four alike tasks taking two locks in order: thousands of states, no violation. */
    private static final Program WIDE = TestScenarios.one("""
        lock a mutex
        lock b mutex
        task t * 4 { repeat 2 { lock a ; lock b ; unlock b ; unlock a } }
        """);

    /** Stops at its {@code n}th check, as a full heap would. */
    private static MemoryGuard tripsAt(int n) {
        int[] calls = {0};
        return () -> ++calls[0] >= n;
    }

    @Test void aFullHeapStopsTheDepthFirstSearchWithTheMemoryBoundAndMaxStatesStopsThereAgain() {
        DfsOptions o = DfsOptions.defaults().withSymmetry(false);
        DfsResult whole = new Explorer(WIDE, o).explore();
        assertEquals(DfsResult.Verdict.EXHAUSTED, whole.verdict(), whole.line());
        DfsResult cut = new Explorer(WIDE, o).watch(tripsAt(500), p -> {}).explore();
        assertEquals(DfsResult.Verdict.BOUND_REACHED, cut.verdict(), cut.line());
        assertEquals(List.of(Explorer.MEMORY_BOUND), cut.bounds());
        assertTrue(cut.states() > 1 && cut.states() < whole.states(), cut.line() + " vs " + whole.line());
        assertTrue(cut.line().startsWith("bound reached (memory): "), cut.line());
        DfsResult again = new Explorer(WIDE, o.withMaxStates(cut.states())).watch(MemoryGuard.NONE, p -> {}).explore();
        assertEquals(List.of("max-states " + cut.states()), again.bounds());
        assertEquals(cut.states(), again.states(), "the state count the memory bound names is where --max-states stops");
        assertEquals(cut.transitions(), again.transitions(), "at the same place, not only the same count");
        assertEquals(cut.maxDepth(), again.maxDepth());
    }

    @Test void aFullHeapStopsTheBreadthFirstSearchToo() {
        DfsOptions o = DfsOptions.defaults().withSymmetry(false);
        DfsResult cut = new Explorer(WIDE, o).watch(tripsAt(50), p -> {}).shortest();
        assertEquals(DfsResult.Verdict.BOUND_REACHED, cut.verdict(), cut.line());
        assertEquals(List.of(Explorer.MEMORY_BOUND), cut.bounds());
        DfsResult again = new Explorer(WIDE, o.withMaxStates(cut.states())).watch(MemoryGuard.NONE, p -> {}).shortest();
        assertEquals(cut.states(), again.states(), again.line());
        assertEquals(cut.transitions(), again.transitions(), again.line());
    }

    @Test void theGuardCollectsOnlyWhenTheCollectorsFiguresPassTheShareAndStopsOnlyOnLiveData() {
        long[] seen = {0}, live = {0};
        int[] collections = {0};
        MemoryGuard g = MemoryGuard.of(1000, 0.75, 1, () -> seen[0], () -> {
            collections[0]++;
            return live[0];
        });
        seen[0] = 700;
        assertFalse(g.exhausted(), "under the share: no look at live data");
        assertEquals(0, collections[0]);
        seen[0] = 800;
        live[0] = 600; // the rest was garbage
        assertFalse(g.exhausted(), "garbage past the share does not stop a search");
        assertEquals(1, collections[0]);
        seen[0] = 790; // 600 + (1000 - 600) / 2 = 800: after a collection found 600 live, the next waits for half the room
        assertFalse(g.exhausted(), "past the share but not past half the room: no collection at every look");
        assertEquals(1, collections[0]);
        seen[0] = 900;
        live[0] = 760;
        assertTrue(g.exhausted(), "live data past the share stops it");
        assertEquals(2, collections[0]);
        MemoryGuard every3 = MemoryGuard.of(1000, 0.75, 3, () -> 1000, () -> 1000);
        assertFalse(every3.exhausted());
        assertFalse(every3.exhausted());
        assertTrue(every3.exhausted(), "looks at every third call");
    }

    @Test void theHeapGuardReadsThisJvm() {
        assertTrue(MemoryGuard.heap(0.0, 1).exhausted(), "something is always live");
        assertFalse(MemoryGuard.heap(1.0, 1).exhausted(), "the whole heap is never live in a test");
    }

    @Test void progressIsReportedEveryFixedNumberOfTransitions() {
        List<Explorer.Progress> seen = new ArrayList<>();
        DfsOptions o = DfsOptions.defaults().withSymmetry(false).withPor(false).withStateHashing(false).withMaxStates(3 * Explorer.PROGRESS_EVERY);
        DfsResult r = new Explorer(WIDE, o).watch(MemoryGuard.NONE, seen::add).explore();
        assertTrue(r.transitions() >= 3 * Explorer.PROGRESS_EVERY - 1, r.line());
        assertTrue(seen.size() >= 2, "reports: " + seen);
        for (int i = 0; i < seen.size(); i++) {
            Explorer.Progress p = seen.get(i);
            assertFalse(p.breadthFirst());
            assertTrue(p.transitions() >= (i + 1) * Explorer.PROGRESS_EVERY && p.transitions() < (i + 1) * Explorer.PROGRESS_EVERY + 2, p.toString());
            assertTrue(p.depth() > 0 && p.states() <= r.states(), p.toString());
        }
    }
}
