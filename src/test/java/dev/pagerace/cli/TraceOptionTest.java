package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.CliRun.Result;
import org.junit.jupiter.api.Test;

/** {@code --trace} hides the resume steps, {@code --trace all} shows them; the step numbers stay those of the run. */
class TraceOptionTest {
    private static final String[] RUN = {"run", "scenarios/xfs-reflink.kp", "--variant", "unordered-two", "--seed", "0"};

    private static Result run(String... extra) {
        String[] args = new String[RUN.length + extra.length];
        System.arraycopy(RUN, 0, args, 0, RUN.length);
        System.arraycopy(extra, 0, args, RUN.length, extra.length);
        return pagerace(args);
    }

    private static boolean hasResumeLine(String out) {
        return out.lines().anyMatch(l -> l.matches("#\\d+ +\\S+ +resume .*"));
    }

    @Test void plainTraceHidesResumeStepsAndKeepsStepNumbers() {
        Result r = run("--trace");
        assertEquals(1, r.code(), r.err());
        assertFalse(hasResumeLine(r.out()), r.out());
        assertTrue(r.out().contains("#5      dedupe_ab      down_write         a.invalidate_lock      acquired\n"
            + "#7      dedupe_ba      down_write         b.invalidate_lock      acquired\n"), r.out());
        assertTrue(r.out().contains("# 2 resume steps not shown (--trace all shows them)"), r.out());
    }

    @Test void traceAllShowsThem() {
        Result r = run("--trace", "all");
        assertTrue(r.out().contains("#6      dedupe_ab      resume             a.invalidate_lock      got 1\n"), r.out());
        assertTrue(hasResumeLine(r.out()), "the check finds resume lines where there are some");
        assertFalse(r.out().contains("resume steps not shown"), r.out());
    }

    @Test void theScenarioFileAfterTraceIsNotTakenAsItsValue() {
        Result r = pagerace("run", "--trace", "scenarios/xfs-reflink.kp", "--variant", "unordered-two", "--seed", "0");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("#5      dedupe_ab"), r.out());
    }

    @Test void theTailHidesThemToo() {
        Result r = run("--tail", "3");
        assertFalse(hasResumeLine(r.out()), r.out());
        assertTrue(r.out().contains("#10     dedupe_ba      down_write         a.invalidate_lock      blocked"), r.out());
    }
}
