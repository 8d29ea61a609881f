package dev.pagerace.engine;

import dev.pagerace.model.Envelope;
import dev.pagerace.program.ChoiceKind;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random among runnable tasks, as the fair schedulers of P and Coyote: at each
 * delivery, choose uniformly among the tasks that have a pending envelope,
 * then deliver that task's earliest one. Every task that can run is chosen
 * with probability at least 1/n at every step, whatever the number of
 * messages it has in flight, so a task that stays runnable makes progress
 * with probability 1. That is what starvation verdicts need, so this is the
 * strategy that judges liveness ({@link #judgesLiveness()}). Non-delivery
 * choices are uniform, as in {@link RandomStrategy}.
 */
public final class FairStrategy implements Strategy {
    private final SplittableRandom random;
    /** Scratch: the distinct tasks of the pending set in order of first appearance, and each one's first index. */
    private int[] tasks = new int[16];
    private int[] first = new int[16];

    public FairStrategy(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override public String name() { return "fair"; }

    @Override public boolean judgesLiveness() { return true; }

    @Override public int choose(ChoiceKind kind, int n) { return random.nextInt(n); }

    @Override public int chooseDelivery(List<Envelope> pending) {
        int n = 0;
        for (int i = 0; i < pending.size(); i++) {
            int t = pending.get(i).task();
            boolean known = false;
            for (int j = 0; j < n; j++) {
                if (tasks[j] == t) {
                    known = true;
                    break;
                }
            }
            if (known) continue;
            if (n == tasks.length) {
                tasks = java.util.Arrays.copyOf(tasks, 2 * n);
                first = java.util.Arrays.copyOf(first, 2 * n);
            }
            tasks[n] = t;
            first[n] = i;
            n++;
        }
        // pending is in send order, so a task's first index is its earliest envelope
        return first[n == 1 ? 0 : random.nextInt(n)];
    }
}
