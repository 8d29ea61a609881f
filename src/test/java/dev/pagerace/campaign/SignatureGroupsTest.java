package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.ReplayStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Schedule;
import dev.pagerace.engine.Shrinker;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Campaigns and check group runs by violation signature, whatever order batches arrive in, and shrink each group once. */
class SignatureGroupsTest {
    private static List<RunResult> runs(Program p, long first, int n) {
        List<RunResult> out = new ArrayList<>();
        for (long s = first; s < first + n; s++) out.add(PureRunner.run(p, new RandomStrategy(s), s, false));
        return out;
    }

    @Test void groupsAreTheSameInAnyBatchOrderAndEachIsShrunkFromItsShortestRun() {
        Program p = TestScenarios.file("scenarios/shmem-fallocate.kp", "rfc-2026");
        BatchOutcome a = BatchOutcome.of("a", "random", 0, runs(p, 0, 100));
        BatchOutcome b = BatchOutcome.of("b", "random", 100, runs(p, 100, 100));
        VariantSummary ab = new VariantSummary(p.scenario(), p.variant(), 0);
        ab.add(a);
        ab.add(b);
        VariantSummary ba = new VariantSummary(p.scenario(), p.variant(), 0);
        ba.add(b);
        ba.add(a);
        assertEquals(ab.signatures(), ba.signatures());
        assertTrue(ab.signatures().size() >= 2, "the self-deadlock and the ABBA with the punch: " + ab.signatures());
        long grouped = ab.signatures().stream().mapToLong(VariantSummary.Signature::runs).sum();
        assertEquals(ab.counts().get("deadlock"), grouped, "every deadlocked run is in exactly one group");
        VariantSummary.Signature self = ab.signatures().get(0);
        assertEquals(2, self.firstSeed(), "seed 2 is rfc-2026's first deadlock");
        assertTrue(self.shortestSteps() <= self.firstSteps());

        ab.shrinkEach(p, 300);
        for (VariantSummary.Signature g : ab.signatures()) {
            VariantSummary.Shrunk sh = g.shrunk();
            assertNotNull(sh, g.id());
            assertTrue(sh.steps() <= g.shortestSteps(), g.id() + ": shrunk " + sh.steps() + " > shortest " + g.shortestSteps());
            RunResult replayed = PureRunner.run(p, new ReplayStrategy(Schedule.decode(sh.schedule()), null), 0, false);
            assertTrue(Shrinker.shows(replayed, g.signature()), g.id() + " replays to its own signature");
        }
    }

    @Test void lockOrderCountsCyclesAndSaysSo() {
        Program p = TestScenarios.file("scenarios/shmem-fallocate.kp", "rfc-2026");
        VariantSummary v = new VariantSummary(p.scenario(), p.variant(), 0);
        v.add(BatchOutcome.of("a", "random", 0, runs(p, 0, 20)));
        long cycles = v.cycles().size();
        assertTrue(cycles > 0);
        assertEquals(cycles + (cycles == 1 ? " cycle" : " cycles"), v.countLabel("lock_order"));
        assertEquals(null, v.runCounts().get("lock_order"), "run counts hold runs only");
        assertEquals(20, v.runCounts().getOrDefault("clean", 0L) + v.runCounts().getOrDefault("deadlock", 0L), "rfc-2026 runs end clean or deadlocked");
        assertTrue(v.countLabel("deadlock").endsWith(" runs"), v.countLabel("deadlock"));
    }
}
