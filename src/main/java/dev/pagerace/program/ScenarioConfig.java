package dev.pagerace.program;

/**
 * The {@code config { }} block of a scenario, with defaults. One record, used by
 * the engine, the CLI and the reports alike.
 */
public record ScenarioConfig(long runs, long maxSteps, long starvationBound,
                             long reclaimNum, long reclaimDen, int maxCallDepth) {

    public static final ScenarioConfig DEFAULTS = new ScenarioConfig(1000, 200_000, 50_000, 1, 8, 64);

    /** Keys a scenario may set, with what each means (shown in errors and docs). */
    public static final java.util.Map<String, String> KEYS = new java.util.TreeMap<>(java.util.Map.of(
        "runs", "default number of runs of a campaign",
        "max_steps", "deliveries after which a run stops as inconclusive",
        "starvation_bound", "deliveries an op may stay pending before it counts as starved",
        "reclaim_chance", "probability (a/b) that an alloc enters direct reclaim",
        "max_call_depth", "path call depth after which the run stops with a model error"));

    public ScenarioConfig with(String key, long num, long den) {
        return switch (key) {
            case "runs" -> new ScenarioConfig(num, maxSteps, starvationBound, reclaimNum, reclaimDen, maxCallDepth);
            case "max_steps" -> new ScenarioConfig(runs, num, starvationBound, reclaimNum, reclaimDen, maxCallDepth);
            case "starvation_bound" -> new ScenarioConfig(runs, maxSteps, num, reclaimNum, reclaimDen, maxCallDepth);
            case "reclaim_chance" -> new ScenarioConfig(runs, maxSteps, starvationBound, num, den, maxCallDepth);
            case "max_call_depth" -> new ScenarioConfig(runs, maxSteps, starvationBound, reclaimNum, reclaimDen, (int) num);
            default -> throw new IllegalArgumentException(key);
        };
    }
}
