package dev.pagerace.campaign;

import dev.pagerace.engine.Engine;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.StrategySpec;
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

        /**
         * The first model error of the variant's runs ("seed S: message"), or
         * null. A model error is a bug in the scenario, so it is bad input
         * (exit 2) whatever the expect lines say.
         */
        public String modelError() {
            VariantSummary.First f = summary.first().get("model_error");
            return f == null ? null : "seed " + f.seed() + ": " + f.headline();
        }
    }

    /**
     * Prints every variant's first model error; true if there was one.
     * {@code check} and {@code campaign} then exit 2 (bad input).
     */
    public static boolean reportModelErrors(List<Row> rows, java.io.PrintWriter err) {
        boolean any = false;
        for (Row r : rows) {
            String m = r.modelError();
            if (m == null) continue;
            any = true;
            err.println("pagerace: model error in " + r.program().scenario() + "/" + r.program().variant() + " ("
                + r.summary().counts().get("model_error") + " of " + r.summary().runs() + " runs), " + m);
        }
        if (any) err.println("pagerace: a model error is a bug in the scenario, not a kernel finding: fix the scenario (exit 2)");
        return any;
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
        return check(engine, file, s, programs, budget, label, null, true, 0);
    }

    /**
     * The strategy a variant is checked under. Starvation is judged only under
     * fair (see StarvationOracle), so a variant expecting it always runs fair.
     * Otherwise {@code requested} when given; by default (null), variants
     * expected clean run fair too, because fair judges every oracle, liveness
     * included, so "clean" covers starvation; variants expecting safety
     * violations run random, the strategy their "within N runs" were
     * measured with, or the search an expect line names ({@code by pct}: a
     * bug that random sampling does not reach, measured with pct).
     *
     * <p>When the strategy is pct and its depth was not given
     * ({@code depthGiven} false), the variant runs at the depth of its
     * deepest expected bug: an expect line's {@code depth D}, or pct's
     * default for a line that declares none. PCT's guarantee holds for bugs
     * of depth at most d (Burckhardt et al., ASPLOS 2010), so a variant whose
     * bug needs four ordering constraints is searched with d = 4, as the
     * paper prescribes, not with a default that cannot promise to find it.
     */
    public static StrategySpec strategyFor(List<ExpectDecl> expects, StrategySpec requested, boolean depthGiven) {
        StrategySpec fair = new StrategySpec("fair", 0, 0);
        if (expects.stream().anyMatch(x -> x.kind().equals("starvation"))) return fair;
        if (requested == null) {
            // an expect line that names its search (by pct) was measured with it: check's default follows the line
            String by = expects.stream().map(ExpectDecl::by).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (by != null) {
                requested = by.equals("pct") ? new StrategySpec("pct", StrategySpec.DEFAULT_DEPTH, 0) : new StrategySpec(by, 0, 0);
                depthGiven = false;
            }
        }
        if (requested != null && requested.isPct() && !depthGiven) {
            int d = expects.stream().filter(x -> !x.kind().equals("clean"))
                .mapToInt(x -> x.depth() > 0 ? x.depth() : StrategySpec.DEFAULT_DEPTH).max().orElse(requested.depth());
            return new StrategySpec("pct", d, requested.steps());
        }
        if (requested != null) return requested;
        return expects.stream().anyMatch(x -> x.kind().equals("clean")) ? fair : StrategySpec.random();
    }

    /**
     * As above, under {@link #strategyFor strategyFor(expects, requested, pctDepthGiven)}
     * per variant ({@code pctDepthGiven} false lets each variant's expect
     * lines set pct's depth); the shortest run of each distinct signature is
     * shrunk with at most {@code shrinkRuns} candidate runs (0: not shrunk).
     */
    public static List<Row> check(Engine engine, String file, Scenario s, Map<String, Program> programs, Budget budget, String label,
                                  StrategySpec requested, boolean pctDepthGiven, int shrinkRuns) {
        List<Row> rows = new ArrayList<>();
        for (var e : programs.entrySet()) {
            Program p = e.getValue();
            List<ExpectDecl> expects = Expectations.of(s, e.getKey());
            long n = Expectations.runsFor(s, e.getKey(), p.config().runs());
            if (expects.stream().anyMatch(x -> x.kind().equals("clean"))) n = Math.max(n, budget.minCleanRuns());
            if (budget.maxRuns() > 0) n = Math.min(n, budget.maxRuns());
            StrategySpec strategy = strategyFor(expects, requested, pctDepthGiven).resolve(p);
            VariantSummary v = new VariantSummary(p.scenario(), p.variant() + label, 0);
            for (long first = 0; first < n; first += BATCH) {
                int count = (int) Math.min(BATCH, n - first);
                List<RunResult> runs = engine.runMany(p, strategy::create, first, count, false, null);
                v.add(BatchOutcome.of(p.variant() + "@" + first, strategy.text(), first, runs));
            }
            v.shrinkEach(p, shrinkRuns);
            rows.add(new Row(file, p, expects, v, Expectations.mismatches(expects, v)));
        }
        return rows;
    }
}
