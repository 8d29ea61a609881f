package dev.pagerace.engine.dfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagerace.TestScenarios;
import dev.pagerace.program.Program;
import org.junit.jupiter.api.Test;

class DfsTest {
    private static final String TWO_BY_TWO = """
        task t * 2 { yield }
        """;

    private static DfsResult dfs(Program p, DfsOptions o) { return new Explorer(p, o).explore(); }

    @Test void probe() {
        Program p = TestScenarios.one(TWO_BY_TWO);
        for (DfsOptions o : new DfsOptions[] {
            DfsOptions.defaults().withStateHashing(false).withPor(false).withSymmetry(false),
            DfsOptions.defaults().withStateHashing(false).withSymmetry(false),
            DfsOptions.defaults().withPor(false).withSymmetry(false),
            DfsOptions.defaults().withPor(false),
            DfsOptions.defaults().withSymmetry(false),
            DfsOptions.defaults()}) {
            System.out.println(o.flags() + " -> " + dfs(p, o).line());
        }
    }
}
