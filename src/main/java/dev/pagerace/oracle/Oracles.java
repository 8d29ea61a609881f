package dev.pagerace.oracle;

import java.util.List;

/**
 * Every violation kind a run or a campaign judges, with a one-line statement
 * of what it flags. A clean verdict means none of these fired; {@code check}
 * prints this list with it. Full definitions, what each deliberately does not
 * flag and the kernel source of each rule are in docs/oracles.md and in each
 * oracle's doc comment.
 */
public final class Oracles {
    private Oracles() {}

    public record Kind(String name, String flags) {}

    public static final List<Kind> ALL = List.of(
        new Kind("deadlock", "a wait-for cycle (self-waits included), or no message deliverable while tasks are unfinished"),
        new Kind("starvation", "an op pending longer than starvation_bound deliveries in a run that is not deadlocked"),
        new Kind("stale_data", "a page filled from a freed block, a write-back through a stale block mapping, freed data left cached at the end"),
        new Kind("data_exposure", "a read returning a block's data whose generation ended before the read began"),
        new Kind("orphan_mapping", "a PTE installed for, or left on, a page no longer in the cache"),
        new Kind("punch_residue", "data present in the punched range when the punch began, still there when it ended"),
        new Kind("sleep_in_atomic", "a request that may sleep made holding a spinlock or in interrupt context"),
        new Kind("lock_leak", "a task that ends holding a lock or page lock"),
        new Kind("lock_order", "a strong cycle in the lock-class dependency graph of all runs (lockdep's rules)"),
        new Kind("assert", "a failed scenario assert"));

    /** The kinds as one line: {@code deadlock, starvation, ...}. */
    public static String names() {
        return String.join(", ", ALL.stream().map(Kind::name).toList());
    }
}
