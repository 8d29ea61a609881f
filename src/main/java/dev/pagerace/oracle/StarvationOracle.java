package dev.pagerace.oracle;

/**
 * An op pending longer than {@code starvation_bound} deliveries. Checked
 * after the deadlock oracle, so a deadlocked run is reported as a deadlock.
 */
public final class StarvationOracle implements Oracle {
    private final long bound;

    public StarvationOracle(long bound) {
        this.bound = bound;
    }

    @Override public Violation afterDelivery(RunState s) {
        for (int t = 0; t < s.tasks; t++) {
            for (RunState.OpRun op : s.ops.get(t)) {
                long pending = s.step - op.begin;
                if (pending > bound) {
                    return new Violation.Starvation(s.program.name(t), op.name, op.site.where(), op.begin, pending, bound, s.doing(t), op.undone);
                }
            }
        }
        return null;
    }
}
