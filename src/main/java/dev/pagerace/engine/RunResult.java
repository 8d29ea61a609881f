package dev.pagerace.engine;

/**
 * The result of one run: what it was (scenario, variant, strategy, seed), how
 * it ended, how many deliveries it took, the schedule that replays it, and the
 * trace when the run was traced.
 */
public record RunResult(String scenario, String variant, String strategy, long seed,
                        Outcome outcome, long steps, Schedule schedule, String trace) {}
