package dev.pagerace.campaign;

import java.util.List;
import java.util.Map;

/**
 * What a campaign runs, as saved in {@code campaign.json} so {@code --resume}
 * needs nothing else: the scenario files and their hashes (a changed file
 * cannot be resumed), the variant ({@code all} or a name), runs per variant
 * (0: each scenario's configured runs), the first seed, strategy (its
 * {@link dev.pagerace.engine.StrategySpec} text: {@code random}, {@code fair},
 * {@code pct(d=3)} or {@code pct(d=3,k=400)}) and batch size.
 */
public record CampaignSpec(List<String> scenarios, Map<String, String> hashes, String variant, long runs, long seedStart,
                           String strategy, int batchSize) {}
