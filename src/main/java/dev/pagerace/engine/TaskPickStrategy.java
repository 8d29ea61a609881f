package dev.pagerace.engine;

import dev.pagerace.model.Envelope;
import dev.pagerace.program.ChoiceKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a run as a sequence of task picks rather than pending-list indices:
 * the domain the {@link Shrinker} edits. A recorded index means nothing once
 * an earlier delivery is dropped (the pending list shifts), but "deliver
 * faulter-1's next message" still does. Each pick names a task and which of
 * its pending messages (in send order); a pick whose task has nothing pending,
 * and every delivery after the picks run out, goes by the default: keep
 * running the task delivered last (no preemption), else the runnable task
 * with the lowest number. Other choices ({@code rand}, {@code choose},
 * reclaim, {@code pick_page}) are taken per kind in order, clamped to the
 * options the run now has, and 0 once a kind's list runs out.
 */
public final class TaskPickStrategy implements Strategy {
    /** A delivery of {@code task}'s {@code ordinal}-th pending message; {@code task} -1 asks for the default. */
    public record Pick(int task, int ordinal) {}

    private final List<Pick> picks;
    private final Map<ChoiceKind, int[]> values;
    private final Map<ChoiceKind, Integer> used = new EnumMap<>(ChoiceKind.class);
    private int next;
    private int last = -1;

    public TaskPickStrategy(List<Pick> picks, Map<ChoiceKind, int[]> values) {
        this.picks = picks;
        this.values = values;
    }

    @Override public String name() { return "shrunk"; }

    /** How many picks the run consumed: picks after that never mattered. */
    public int picksUsed() { return next; }

    /** How many choices of {@code kind} the run made (values it had, then zeros). */
    public int valuesUsed(ChoiceKind kind) { return used.getOrDefault(kind, 0); }

    @Override public int choose(ChoiceKind kind, int n) {
        int k = used.getOrDefault(kind, 0);
        int[] vs = values.get(kind);
        used.put(kind, k + 1);
        return vs == null || k >= vs.length ? 0 : Math.min(vs[k], n - 1);
    }

    @Override public int chooseDelivery(List<Envelope> pending) {
        int i = -1;
        if (next < picks.size()) {
            Pick p = picks.get(next++);
            if (p.task() >= 0) i = nth(pending, p.task(), p.ordinal());
        }
        if (i < 0) i = nth(pending, last, 0);
        if (i < 0) i = lowestTask(pending);
        last = pending.get(i).task();
        return i;
    }

    /** Index of {@code task}'s {@code ordinal}-th pending message, its first if it has fewer, -1 if none. */
    static int nth(List<Envelope> pending, int task, int ordinal) {
        int first = -1;
        int seen = 0;
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).task() != task) continue;
            if (first < 0) first = i;
            if (seen++ == ordinal) return i;
        }
        return first;
    }

    private static int lowestTask(List<Envelope> pending) {
        int best = 0;
        for (int i = 1; i < pending.size(); i++) if (pending.get(i).task() < pending.get(best).task()) best = i;
        return best;
    }
}
