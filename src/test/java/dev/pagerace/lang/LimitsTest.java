package dev.pagerace.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.program.Program;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The size limits of one variant (docs/limits.md): each is a file:line:col
 * error before anything runs, and a variant at every limit still compiles
 * and runs.
 */
class LimitsTest {
    private static ScenarioException compileError(String text) {
        return assertThrows(ScenarioException.class, () -> Compiler.compileAll(Loader.fromText("t.kp", Path.of("t.kp"), text)));
    }

    @Test void thousandInodesOfFourThousandPagesIsAnErrorNotGigabytes() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) b.append("inode i").append(i).append(" pages 4096 backing swap\n");
        b.append("task t { yield }\n");
        ScenarioException e = compileError(b.toString());
        assertEquals("t.kp:5:7: too many page slots: with 'i4' this variant has 20480 pages, more than the limit of 16384 over all inodes"
            + " (each slot is an actor of every run)", e.diagnostics().get(0).headline());
    }

    @Test void tooManyInodes() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 70; i++) b.append("inode i").append(i).append(" pages 1 backing disk\n");
        b.append("task t { yield }\n");
        ScenarioException e = compileError(b.toString());
        assertEquals("t.kp:65:7: too many inodes: 'i64' is inode 65, more than the limit of 64", e.diagnostics().get(0).headline());
    }

    @Test void thousandTaskDeclarationsOf256IsAnError() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) b.append("task t").append(i).append(" * 256 { yield }\n");
        ScenarioException e = compileError(b.toString());
        assertEquals("t.kp:3:6: too many tasks: with 't2' this variant has 768 task instances, more than the limit of 512"
            + " (each is an actor of every run)", e.diagnostics().get(0).headline());
    }

    @Test void theTaskLimitNamesTheVariant() {
        ScenarioException e = compileError("task a * 256 { yield }\nvariant big {\n  task b * 256 { yield }\n  task c * 2 { yield }\n}\n");
        assertEquals("t.kp:4:8: too many tasks: with 'c' this variant has 514 task instances, more than the limit of 512"
            + " (each is an actor of every run) in variant 'big'", e.diagnostics().get(0).headline());
    }

    @Test void tooManyObjects() {
        StringBuilder b = new StringBuilder("inode a pages 4096 backing swap\ninode b pages 4096 backing swap\ninode c pages 4096 backing swap\n"
            + "inode d pages 4096 backing swap\n");
        for (int i = 0; i < 16_400; i++) b.append("lock l").append(i).append(" mutex\n");
        b.append("task t { yield }\n");
        ScenarioException e = compileError(b.toString());
        assertTrue(e.diagnostics().get(0).headline().startsWith("t.kp:1:1: too many objects: 32802 tasks, locks, wait queues, inodes and page slots,"
            + " more than the limit of 32768"), e.diagnostics().get(0).headline());
    }

    /** At the limits a run is still cheap: four inodes of 4096 pages, and 512 tasks queued on one mutex. */
    @Test void variantsAtTheLimitsRun() throws ScenarioException {
        String pages = "inode a pages 4096 backing swap\ninode b pages 4096 backing swap\ninode c pages 4096 backing swap\n"
            + "inode d pages 4096 backing swap\ntask t * 4 { p = find d 4095; yield }\n";
        Map<String, Program> ps = Compiler.compileAll(Loader.fromText("t.kp", Path.of("t.kp"), pages));
        RunResult r = PureRunner.run(ps.get("default"), new RandomStrategy(1), 1, false);
        assertEquals("clean", r.outcome().label());
        String tasks = "inode i pages 1 backing disk\nlock m mutex\ntask a * 256 { lock m; p = find i 0; unlock m }\n"
            + "task b * 256 { lock m; unlock m }\n";
        Program p = Compiler.compileAll(Loader.fromText("t.kp", Path.of("t.kp"), tasks)).get("default");
        assertEquals(512, p.tasks().size());
        RunResult q = PureRunner.run(p, new RandomStrategy(2), 2, false);
        assertEquals("clean", q.outcome().label());
    }
}
