package dev.pagerace.campaign;

import java.util.List;
import java.util.Map;

/**
 * What a campaign runs, as saved in {@code campaign.json} so {@code --resume}
 * needs nothing else: the scenario files and their hashes (a changed file
 * cannot be resumed), the variant ({@code all} or a name), runs per variant
 * (0: each scenario's configured runs), the first seed, strategy (its
 * {@link dev.pagerace.engine.StrategySpec} text: {@code random}, {@code fair},
 * {@code pct(d=3)} or {@code pct(d=3,k=400)}) and batch size; {@code sweep}
 * ({@code faulter=1,2,4,8}, null for none) runs every variant once per task
 * count (see {@link Sweep}).
 */
public record CampaignSpec(List<String> scenarios, Map<String, String> hashes, String variant, long runs, long seedStart,
                           String strategy, int batchSize, String sweep) {
    /** A campaign with no sweep. */
    public CampaignSpec(List<String> scenarios, Map<String, String> hashes, String variant, long runs, long seedStart, String strategy, int batchSize) {
        this(scenarios, hashes, variant, runs, seedStart, strategy, batchSize, null);
    }

    /** The sweep's points, or null for none. */
    public Sweep.Points sweepPoints() { return sweep == null || sweep.isBlank() ? null : Sweep.parseSweep(sweep); }
}
