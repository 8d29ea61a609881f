package dev.pagerace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.program.Program;
import org.junit.jupiter.api.Test;

/** Faults of the scenario itself and run limits end a run with their own outcome, never a hang. */
class RunLimitsTest {
    private static Outcome run(String text) {
        Program p = TestScenarios.one(text);
        return PureRunner.run(p, new RandomStrategy(1), 1, false).outcome();
    }

    @Test void unlockingALockNotHeldIsAModelErrorNamingTheLine() {
        Outcome.ModelFault f = assertInstanceOf(Outcome.ModelFault.class, run("lock m mutex\ntask t {\n  unlock m\n}\n"));
        assertEquals("t.kp:3:3", f.where());
        assertTrue(f.message().contains("releases m which it does not hold"), f.message());
    }

    @Test void runawayRecursionIsAModelError() {
        Outcome.ModelFault f = assertInstanceOf(Outcome.ModelFault.class, run("path f(n) { f(n + 1) }\ntask t { f(0) }\n"));
        assertTrue(f.message().contains("call depth over 64"), f.message());
    }

    @Test void anEndlessLocalLoopIsAModelErrorNotAHang() {
        Outcome.ModelFault f = assertInstanceOf(Outcome.ModelFault.class, run("task t { x = 0\n while 1 { x = x + 1 } }\n"));
        assertTrue(f.message().contains("endless local loop"), f.message());
    }

    @Test void readingAnUnassignedVariableIsAModelError() {
        Outcome.ModelFault f = assertInstanceOf(Outcome.ModelFault.class, run("task t { if 0 { x = 1 }\n y = x }\n"));
        assertTrue(f.message().contains("'x' is used before it is assigned"), f.message());
    }

    @Test void maxStepsEndsTheRunAsInconclusive() {
        Outcome o = run("config { max_steps 50 }\ntask t { while 1 { yield } }\n");
        assertEquals(new Outcome.Inconclusive(50), o);
    }

    @Test void aFailedAssertIsAViolation() {
        Outcome.Violated v = assertInstanceOf(Outcome.Violated.class, run("task t { x = 2\n assert x == 3 \"x is three\" }\n"));
        assertEquals("assert", v.violation().kind());
        assertTrue(v.violation().headline().contains("x is three"));
    }

    @Test void aCleanRunFinishesEveryTask() {
        assertEquals(new Outcome.Clean(), run("lock m mutex\ntask t * 3 { repeat 4 { lock m ; unlock m } }\n"));
    }
}
