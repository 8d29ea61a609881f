package dev.pagerace.oracle;

/**
 * An op pending longer than {@code starvation_bound} deliveries. Checked
 * after the deadlock oracle, so a deadlocked run is reported as a deadlock.
 *
 * <p>Starvation is a liveness property, and a long-pending op means something
 * only under a fair schedule: one where every task that can run is picked
 * with some fixed probability at every step. So this oracle runs only under
 * {@code fair} (and replays of fair runs): under {@code random}, uniform over
 * messages, a task's progress depends on how many messages it has in flight,
 * and {@code pct} starves low-priority tasks on purpose. P and Coyote check
 * their liveness monitors only under fair strategies for the same reason.
 * The verdict names the strategy it was judged under.
 */
public final class StarvationOracle implements Oracle {
    private final long bound;
    private final String strategy;

    public StarvationOracle(long bound, String strategy) {
        this.bound = bound;
        this.strategy = strategy;
    }

    @Override public Violation afterDelivery(RunState s) {
        for (int t = 0; t < s.tasks; t++) {
            for (RunState.OpRun op : s.ops.get(t)) {
                long pending = s.step - op.begin;
                if (pending > bound) {
                    return new Violation.Starvation(s.program.name(t), op.name, op.site.where(), op.begin, pending, bound, s.doing(t), op.undone, strategy,
                        op.timeline(), s.keepers(t));
                }
            }
        }
        return null;
    }
}
