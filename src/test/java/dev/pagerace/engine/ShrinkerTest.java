package dev.pagerace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shrinking keeps the signature, never lengthens a run, and yields a schedule that replays on both engines. */
class ShrinkerTest {
    private static final String FILE = "scenarios/shmem-fallocate.kp";
    private static ActorEngine actors;

    @BeforeAll static void start() { actors = ActorEngine.start(); }

    @AfterAll static void stop() { actors.close(); }

    /** The first {@code n} violating runs from seed 0 on. */
    private static List<RunResult> violating(Program p, int n) {
        List<RunResult> out = new ArrayList<>();
        for (long seed = 0; seed < 500 && out.size() < n; seed++) {
            RunResult r = PureRunner.run(p, new RandomStrategy(seed), seed, false);
            if (r.outcome() instanceof Outcome.Violated) out.add(r);
        }
        return out;
    }

    private static String signature(RunResult r) {
        return assertInstanceOf(Outcome.Violated.class, r.outcome()).violation().signature();
    }

    /** Checks every promise of a shrink and returns it. */
    private static Shrinker.Shrunk shrinkAndCheck(Program p, RunResult r, int budget) {
        Shrinker.Shrunk sh = Shrinker.shrink(p, r.schedule(), null, budget, r.seed());
        assertNotNull(sh, "seed " + r.seed() + " violates, so it shrinks");
        assertEquals(signature(r), sh.signature());
        assertEquals(r.steps(), sh.original().steps(), "the original is the run the schedule replays");
        assertTrue(sh.shrunk().steps() <= r.steps(), "never longer: " + sh.shrunk().steps() + " > " + r.steps());
        assertTrue(Shrinker.shows(sh.shrunk(), sh.signature()), "the shrunk run keeps the signature");
        assertTrue(sh.runs() <= budget + 1, "bounded: " + sh.runs() + " runs");
        // the shrunk schedule is a genuine pr1 schedule: it replays, through its text form, on both engines, to the same trace
        Schedule s = Schedule.decode(sh.shrunk().schedule().encode());
        RunResult pure = PureRunner.run(p, new ReplayStrategy(s, null), r.seed(), true);
        RunResult actor = actors.run(p, new ReplayStrategy(s, null), r.seed(), true);
        assertEquals(pure.trace(), actor.trace());
        assertEquals(sh.shrunk().steps(), pure.steps());
        assertEquals(sh.signature(), signature(pure));
        assertEquals(sh.signature(), signature(actor));
        return sh;
    }

    @Test void theRfc2026SelfDeadlockShrinksToAFewDozenDeliveries() {
        Program p = TestScenarios.file(FILE, "rfc-2026");
        int self = 0;
        for (RunResult r : violating(p, 6)) {
            Violation.Deadlock d = assertInstanceOf(Violation.Deadlock.class, ((Outcome.Violated) r.outcome()).violation());
            if (d.cycle().size() != 1) continue;
            self++;
            Shrinker.Shrunk sh = shrinkAndCheck(p, r, Shrinker.DEFAULT_RUNS);
            // measured: 42 deliveries (fallocator alone: add a folio, reclaim scans the file's 8 slots for the
            // oldest folio on the LRU, writeout blocks; 24 when reclaim picked its victim without a scan)
            assertTrue(sh.shrunk().steps() <= 60, "seed " + r.seed() + " shrank only to " + sh.shrunk().steps());
            assertTrue(sh.shrunk().steps() * 2 <= r.steps(), "seed " + r.seed() + ": " + r.steps() + " -> " + sh.shrunk().steps());
        }
        assertTrue(self >= 3, "several seeds show the self-deadlock: " + self);
    }

    @Test void otherCyclesKeepTheirSignatureToo() {
        // the ABBA of writeout() and punch_hole() through a page lock, and the two-inode variant's cycles
        Program rfc = TestScenarios.file(FILE, "rfc-2026");
        for (RunResult r : violating(rfc, 12)) {
            if (((Violation.Deadlock) ((Outcome.Violated) r.outcome()).violation()).cycle().size() > 1) {
                shrinkAndCheck(rfc, r, 300);
                break;
            }
        }
        Program two = TestScenarios.file(FILE, "rfc-2026-two-inodes");
        for (RunResult r : violating(two, 2)) shrinkAndCheck(two, r, 300);
    }

    @Test void anAbbaShrinksToTheTwoTasksThatMatter() {
        Program p = TestScenarios.one("""
            lock a mutex
            lock b mutex
            task fwd * 2 { repeat 3 { lock a ; lock b ; unlock b ; unlock a } }
            task rev * 2 { repeat 3 { lock b ; lock a ; unlock a ; unlock b } }
            """);
        RunResult r = violating(p, 1).get(0);
        Shrinker.Shrunk sh = shrinkAndCheck(p, r, Shrinker.DEFAULT_RUNS);
        RunResult traced = PureRunner.run(p, new ReplayStrategy(sh.shrunk().schedule(), null), 0, true);
        long lines = traced.trace().lines().filter(l -> l.startsWith("#") && !l.startsWith("# ")).count();
        assertEquals(sh.shrunk().steps(), lines);
        // two tasks each take one lock and block on the other: start, lock, resume, lock = 4 deliveries each at the least
        assertTrue(sh.shrunk().steps() <= 10, "an ABBA needs a handful of deliveries, not " + sh.shrunk().steps() + ":\n" + traced.trace());
    }

    @Test void shrinkingIsDeterministicAndACleanRunHasNothingToShrink() {
        Program p = TestScenarios.file(FILE, "rfc-2026");
        RunResult r = violating(p, 1).get(0);
        Shrinker.Shrunk a = Shrinker.shrink(p, r.schedule(), null, 200, r.seed());
        Shrinker.Shrunk b = Shrinker.shrink(p, r.schedule(), null, 200, r.seed());
        assertEquals(a.shrunk().schedule(), b.shrunk().schedule());
        assertEquals(a.runs(), b.runs());

        Program mainline = TestScenarios.file(FILE, "mainline");
        RunResult clean = PureRunner.run(mainline, new RandomStrategy(1), 1, false);
        assertInstanceOf(Outcome.Clean.class, clean.outcome());
        assertNull(Shrinker.shrink(mainline, clean.schedule(), 100));
    }
}
