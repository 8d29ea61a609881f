package dev.pagerace.campaign;

import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Scenario;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fuzz campaign: plans batches for every (scenario, variant), drives them
 * through the cluster, journals each as it finishes, and judges the merged
 * results against the scenarios' expect lines.
 */
public final class Campaign {
    /** A scenario as the campaign runs it: where it came from, what travels, what it compiles to. */
    public record Loaded(String file, ScenarioBundle bundle, Scenario scenario, Map<String, Program> programs) {}

    private Campaign() {}

    /** The batches, in order: scenario by scenario, variant by variant, seeds ascending. */
    public static List<CampaignDriver.Planned> plan(CampaignSpec spec, List<Loaded> scenarios) {
        List<CampaignDriver.Planned> out = new ArrayList<>();
        for (Loaded l : scenarios) {
            for (Program p : variants(spec, l)) {
                // pct's k is fixed per variant here, deterministically, so every batch of it runs with the same parameters
                String strategy = StrategySpec.parse(spec.strategy()).resolve(p).text();
                long runs = spec.runs() > 0 ? spec.runs() : p.config().runs();
                if (spec.seedStart() > Long.MAX_VALUE - runs) {
                    throw new IllegalArgumentException("seeds " + spec.seedStart() + " + " + runs + " runs go past the largest seed (" + Long.MAX_VALUE + ")");
                }
                if (spec.batchSize() < 1) throw new IllegalArgumentException("the batch size must be at least 1, not " + spec.batchSize());
                for (long first = spec.seedStart(); first < spec.seedStart() + runs; first += spec.batchSize()) {
                    int count = (int) Math.min(spec.batchSize(), spec.seedStart() + runs - first);
                    out.add(new CampaignDriver.Planned(l.file() + "#" + p.variant() + "@" + first + "+" + count, l.bundle(), p.variant(),
                        strategy, first, count));
                }
            }
        }
        return out;
    }

    static List<Program> variants(CampaignSpec spec, Loaded l) {
        if (spec.variant().equals("all")) return new ArrayList<>(l.programs().values());
        Program p = l.programs().get(spec.variant());
        if (p == null) {
            throw new IllegalArgumentException(l.file() + " has no variant '" + spec.variant() + "' (variants: "
                + String.join(", ", l.programs().keySet()) + ")");
        }
        return List.of(p);
    }

    /** Merges the journaled outcomes per variant and judges them; rows in plan order. */
    public static List<Catalog.Row> judge(CampaignSpec spec, List<Loaded> scenarios, Map<String, BatchOutcome> done) {
        List<Catalog.Row> rows = new ArrayList<>();
        Map<String, BatchOutcome> byId = new LinkedHashMap<>(done);
        for (Loaded l : scenarios) {
            for (Program p : variants(spec, l)) {
                VariantSummary v = new VariantSummary(p.scenario(), p.variant(), spec.seedStart());
                String prefix = l.file() + "#" + p.variant() + "@";
                for (BatchOutcome b : byId.values()) if (b.batchId().startsWith(prefix)) v.add(b);
                var expects = Expectations.of(l.scenario(), p.variant());
                rows.add(new Catalog.Row(l.file(), p, expects, v, Expectations.mismatches(expects, v, false)));
            }
        }
        return rows;
    }
}
