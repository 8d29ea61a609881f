package dev.pagerace.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * A cycle in the wait-for graph, reported as soon as it forms (other tasks
 * may still run); and at the end, a stall: nothing deliverable while tasks
 * are unfinished (a sleeper nobody will wake, a lost wakeup).
 */
public final class DeadlockOracle implements Oracle {
    @Override public Violation afterDelivery(RunState s) {
        if (!s.edgesChanged) return null;
        s.edgesChanged = false;
        List<Integer> cycle = WaitForGraph.findCycle(s.waitsFor, s.isBlocked);
        if (cycle.isEmpty()) return null;
        List<Violation.Waiting> c = new ArrayList<>();
        for (int t : cycle) c.add(s.waiting(t));
        List<Violation.Waiting> all = new ArrayList<>();
        for (int t = 0; t < s.tasks; t++) if (s.isBlocked[t]) all.add(s.waiting(t));
        return new Violation.Deadlock(s.step, c, all);
    }

    /** Called when nothing is left to deliver: null if every task finished. */
    public static Violation.Deadlock stall(RunState s) {
        List<Violation.Waiting> stuck = new ArrayList<>();
        for (int t = 0; t < s.tasks; t++) if (!s.done[t]) stuck.add(s.waiting(t));
        return stuck.isEmpty() ? null : new Violation.Deadlock(s.step, List.of(), stuck);
    }
}
