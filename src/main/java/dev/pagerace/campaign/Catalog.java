package dev.pagerace.campaign;

import dev.pagerace.engine.Engine;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.lang.Ast.ExpectDecl;
import dev.pagerace.lang.Scenario;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs every variant of scenarios against their expect lines: the engine behind {@code pagerace check}. */
public final class Catalog {
    /** One variant's verdict. */
    public record Row(String file, Program program, List<ExpectDecl> expects, VariantSummary summary, List<String> mismatches) {
        public boolean ok() { return mismatches.isEmpty(); }
    }

    /** How many runs: {@code maxRuns} caps every variant (0: no cap); clean variants run at least {@code minCleanRuns}. */
    public record Budget(long maxRuns, long minCleanRuns) {}

    private static final int BATCH = 1024;

    private Catalog() {}

    public static List<Row> check(Engine engine, String file, Scenario s, Map<String, Program> programs, Budget budget) {
        return check(engine, file, s, programs, budget, "");
    }

    /** {@code label} is appended to the variant in the summary (a sweep's task count). */
    public static List<Row> check(Engine engine, String file, Scenario s, Map<String, Program> programs, Budget budget, String label) {
        return check(engine, file, s, programs, budget, label, 0);
    }

    /** As above, and the shortest run of each distinct signature is shrunk with at most {@code shrinkRuns} candidate runs (0: not shrunk). */
    public static List<Row> check(Engine engine, String file, Scenario s, Map<String, Program> programs, Budget budget, String label,
                                  int shrinkRuns) {
        List<Row> rows = new ArrayList<>();
        for (var e : programs.entrySet()) {
            Program p = e.getValue();
            List<ExpectDecl> expects = Expectations.of(s, e.getKey());
            long n = Expectations.runsFor(s, e.getKey(), p.config().runs());
            if (expects.stream().anyMatch(x -> x.kind().equals("clean"))) n = Math.max(n, budget.minCleanRuns());
            if (budget.maxRuns() > 0) n = Math.min(n, budget.maxRuns());
            VariantSummary v = new VariantSummary(p.scenario(), p.variant() + label, 0);
            for (long first = 0; first < n; first += BATCH) {
                int count = (int) Math.min(BATCH, n - first);
                List<RunResult> runs = engine.runMany(p, RandomStrategy::new, first, count, false, null);
                v.add(BatchOutcome.of(p.variant() + "@" + first, "random", first, runs));
            }
            v.shrinkEach(p, shrinkRuns);
            rows.add(new Row(file, p, expects, v, Expectations.mismatches(expects, v)));
        }
        return rows;
    }
}
