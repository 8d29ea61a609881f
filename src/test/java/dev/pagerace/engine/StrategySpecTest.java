package dev.pagerace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.program.Program;
import org.junit.jupiter.api.Test;

/** The strategy value: text forms that read back, parameters from options, clear errors for anything else. */
class StrategySpecTest {
    @Test void textFormsReadBack() {
        for (String t : new String[] {"random", "fair", "pct(d=3)", "pct(d=3,k=400)", "pct(d=1,k=7)"}) {
            assertEquals(t, StrategySpec.parse(t).text());
        }
        assertEquals(new StrategySpec("pct", 3, 0), StrategySpec.parse("pct"));
        assertEquals(new StrategySpec("pct", 2, 50), StrategySpec.parse(" PCT( k=50 , d=2 ) "));
        assertEquals(new StrategySpec("pct", 3, 0), StrategySpec.parse("pct()"));
    }

    @Test void optionsBuildTheSpec() {
        assertEquals(StrategySpec.random(), StrategySpec.of("random", null, null));
        assertEquals(new StrategySpec("fair", 0, 0), StrategySpec.of("fair", null, null));
        assertEquals(new StrategySpec("pct", 3, 0), StrategySpec.of("pct", null, null));
        assertEquals(new StrategySpec("pct", 5, 900), StrategySpec.of("pct", 5, 900L));
        assertEquals(new StrategySpec("pct", 2, 10), StrategySpec.of("pct(d=2,k=10)", null, null));
        assertEquals(" --strategy pct --depth 5 --pct-steps 900", StrategySpec.of("pct", 5, 900L).options());
        assertEquals(" --strategy fair", StrategySpec.of("fair", null, null).options());
        assertEquals("", StrategySpec.random().options());
    }

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test void badNamesAndParametersSayWhatIsWrong() {
        assertTrue(error(() -> StrategySpec.of("zigzag", null, null)).contains("unknown strategy 'zigzag' (random, pct, fair"));
        assertTrue(error(() -> StrategySpec.parse("zigzag(d=3)")).contains("unknown strategy 'zigzag'"));
        assertTrue(error(() -> StrategySpec.of("random", 3, null)).contains("apply to --strategy pct only"));
        assertTrue(error(() -> StrategySpec.of("fair", null, 100L)).contains("apply to --strategy pct only"));
        assertTrue(error(() -> StrategySpec.of("pct", 0, null)).contains("pct depth must be 1 to 10, not 0"));
        assertTrue(error(() -> StrategySpec.of("pct", 11, null)).contains("pct depth must be 1 to 10, not 11"));
        assertTrue(error(() -> StrategySpec.of("pct", 3, 0L)).contains("--pct-steps must be at least 1"));
        assertTrue(error(() -> StrategySpec.parse("pct(d=x)")).contains("not a number"));
        assertTrue(error(() -> StrategySpec.parse("pct(q=3)")).contains("unknown pct parameter 'q'"));
        assertTrue(error(() -> StrategySpec.parse("pct(d=3")).contains("expected pct(key=value,...)"));
        assertTrue(error(() -> StrategySpec.parse("pct(k=0)")).contains("at least 1"));
        assertTrue(error(() -> StrategySpec.parse("fair(d=2)")).contains("takes no parameters"));
        assertTrue(error(() -> StrategySpec.of("pct(d=2)", 3, null)).contains("not both"));
    }

    @Test void pctNeedsItsStepsResolvedAndEstimatesThemDeterministically() {
        Program p = TestScenarios.one("""
            lock a mutex
            task t * 2 { repeat 4 { lock a ; unlock a } }
            """);
        assertThrows(IllegalStateException.class, () -> StrategySpec.parse("pct").create(1));
        StrategySpec r = StrategySpec.parse("pct(d=2)").resolve(p);
        assertTrue(r.steps() > 4, "k counts the delivery choices of a whole run: " + r);
        assertEquals(r, StrategySpec.parse("pct(d=2)").resolve(p), "the same program always gets the same k");
        assertEquals(new StrategySpec("pct", 2, 77), new StrategySpec("pct", 2, 77).resolve(p), "a given k is kept");
        PctStrategy s = assertInstanceOf(PctStrategy.class, r.create(9));
        assertEquals(r.steps(), s.steps());
        assertEquals(1.0 / (2 * r.steps()), r.pctBound(2), 1e-15);
        assertTrue(r.describe(2).contains("n=2 tasks, k=" + r.steps() + " steps, d=2"), r.describe(2));
    }

    @Test void onlyFairJudgesLiveness() {
        assertTrue(StrategySpec.of("fair", null, null).create(1).judgesLiveness());
        assertFalse(StrategySpec.random().create(1).judgesLiveness());
        assertFalse(new StrategySpec("pct", 3, 10).create(1).judgesLiveness());
        assertInstanceOf(FairStrategy.class, Strategy.named("fair", 3));
        assertInstanceOf(PctStrategy.class, Strategy.named("pct(d=2,k=9)", 3));
    }
}
