package dev.pagerace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.program.Program;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Same (scenario, variant, strategy, seed): same trace, byte for byte, on either engine; schedules replay exactly. */
class DeterminismTest {
    private static final String FILE = "scenarios/shmem-fallocate.kp";
    private static ActorEngine actors;

    @BeforeAll static void start() { actors = ActorEngine.start(); }

    @AfterAll static void stop() { actors.close(); }

    @Test void sameSeedGivesTheSameTraceTwice() {
        for (String variant : List.of("mainline", "rfc-2026")) {
            Program p = TestScenarios.file(FILE, variant);
            RunResult a = actors.run(p, new RandomStrategy(42), 42, true);
            RunResult b = actors.run(p, new RandomStrategy(42), 42, true);
            assertNotNull(a.trace());
            assertTrue(a.steps() > 50, "a real run, not an empty one");
            assertEquals(a.trace(), b.trace());
            assertEquals(a.schedule(), b.schedule());
        }
    }

    @Test void actorEngineMatchesThePureCoresRunWithoutActors() {
        for (String variant : List.of("mainline", "rfc-2026")) {
            Program p = TestScenarios.file(FILE, variant);
            for (long seed = 0; seed < 12; seed++) {
                RunResult viaActors = actors.run(p, new RandomStrategy(seed), seed, true);
                RunResult pure = PureRunner.run(p, new RandomStrategy(seed), seed, true);
                assertEquals(pure.trace(), viaActors.trace(), variant + " seed " + seed);
            }
        }
    }

    @Test void lruRowsRunTheSameOnBothEngines() {
        // every tmpfs row reclaims through the LRU object: isolate, put back, and the add/delete hops to it
        List<Program> ps = List.of(TestScenarios.file(FILE, "rfc-2026-two-inodes"), TestScenarios.file(FILE, "rfc-2026-nofs"),
            TestScenarios.file("scenarios/shmem-falloc-stall.kp", "mainline"));
        for (Program p : ps) {
            assertTrue(p.usesLru(), p.toString());
            for (long seed = 0; seed < 6; seed++) {
                RunResult viaActors = actors.run(p, new RandomStrategy(seed), seed, true);
                RunResult pure = PureRunner.run(p, new RandomStrategy(seed), seed, true);
                assertTrue(pure.trace().contains("lru_isolate"), p + " seed " + seed);
                assertEquals(pure.trace(), viaActors.trace(), p + " seed " + seed);
            }
        }
    }

    @Test void pooledRunActorsCarryNothingFromOneRunToTheNext() {
        // the pool's run actors keep their object actors between runs of one program and replace them for
        // another: many runs in flight, two programs interleaved, every trace must still be the pure one
        Program a = TestScenarios.file(FILE, "mainline");
        Program b = TestScenarios.file(FILE, "rfc-2026");
        List<java.util.concurrent.CompletableFuture<RunResult>> fs = new java.util.ArrayList<>();
        for (long seed = 0; seed < 60; seed++) {
            Program p = seed % 3 == 0 ? b : a;
            fs.add(actors.runAsync(p, new RandomStrategy(seed), seed, true).toCompletableFuture());
        }
        for (long seed = 0; seed < 60; seed++) {
            Program p = seed % 3 == 0 ? b : a;
            assertEquals(PureRunner.run(p, new RandomStrategy(seed), seed, true).trace(), fs.get((int) seed).join().trace(),
                p.variant() + " seed " + seed);
        }
    }

    @Test void readBlockRunsTheSameOnBothEngines() {
        // truncate-isize fills with read_block under the folio lock; seed 25 of the ablation ends in stale_data
        Program p = TestScenarios.file("scenarios/truncate-isize.kp", "no-i_size-check");
        for (long seed : new long[] {2, 25}) {
            RunResult viaActors = actors.run(p, new RandomStrategy(seed), seed, true);
            RunResult pure = PureRunner.run(p, new RandomStrategy(seed), seed, true);
            assertTrue(pure.trace().contains("read_block"), "the run reads a folio in");
            assertEquals(pure.trace(), viaActors.trace(), "seed " + seed);
            if (seed == 25) assertTrue(pure.trace().contains("stale_data"), "seed 25 finds the freed block read in");
        }
    }

    @Test void differentSeedsExploreDifferentSchedules() {
        Program p = TestScenarios.file(FILE, "mainline");
        assertTrue(!PureRunner.run(p, new RandomStrategy(1), 1, true).trace()
            .equals(PureRunner.run(p, new RandomStrategy(2), 2, true).trace()));
    }

    @Test void recordedScheduleReplaysToTheSameTrace() {
        Program p = TestScenarios.file(FILE, "rfc-2026");
        for (long seed = 0; seed < 5; seed++) {
            RunResult original = actors.run(p, new RandomStrategy(seed), seed, true);
            Schedule decoded = Schedule.decode(original.schedule().encode());
            assertEquals(original.schedule(), decoded);
            RunResult replayed = actors.run(p, new ReplayStrategy(decoded, null), seed, true);
            assertEquals(original.trace().replace("strategy random", "strategy replay"), replayed.trace());
            assertEquals(original.outcome().label(), replayed.outcome().label());
        }
    }

    @Test void aScheduleForAnotherVariantDivergesAndSaysWhere() {
        Program rfc = TestScenarios.file(FILE, "rfc-2026");
        Program mainline = TestScenarios.file(FILE, "mainline");
        RunResult original = PureRunner.run(rfc, new RandomStrategy(3), 3, false);
        RunResult replayed = PureRunner.run(mainline, new ReplayStrategy(original.schedule(), null), 0, false);
        Outcome.Diverged d = assertInstanceOf(Outcome.Diverged.class, replayed.outcome());
        assertTrue(d.message().startsWith("at choice ") || d.message().startsWith("the schedule ended"), d.message());
        assertTrue(d.message().contains("(at step "), d.message());
    }

    @Test void garbageSchedulesAreRejectedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> Schedule.decode("hello"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.decode("pr1.!!!"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.decode("pr1.AAAA"));
        Schedule s = new Schedule();
        s.add(dev.pagerace.program.ChoiceKind.DELIVERY, 3, 2);
        String text = s.encode();
        assertThrows(IllegalArgumentException.class, () -> Schedule.decode(text.substring(0, text.length() - 3)));
    }

    @Test void manyRunsComeBackInSeedOrderWithTheSameOutcomesOnBothEngines() {
        Program p = TestScenarios.file(FILE, "rfc-2026");
        // each run is shown once as it ends, in whatever order runs end; the list comes back in seed order
        java.util.Set<Long> shown = java.util.Collections.synchronizedSet(new java.util.TreeSet<>());
        List<RunResult> a = actors.runMany(p, RandomStrategy::new, 100, 40, false, r -> assertTrue(shown.add(r.seed()), "twice: " + r.seed()));
        assertEquals(40, a.size());
        assertEquals(40, shown.size());
        assertTrue(actors.runMany(p, RandomStrategy::new, 0, 0, false, null).isEmpty());
        try (PureEngine pure = new PureEngine(2)) {
            List<RunResult> b = pure.runMany(p, RandomStrategy::new, 100, 40, false, null);
            for (int i = 0; i < 40; i++) {
                assertEquals(100 + i, a.get(i).seed());
                assertEquals(b.get(i).outcome().label(), a.get(i).outcome().label());
                assertEquals(b.get(i).steps(), a.get(i).steps());
            }
        }
    }
}
