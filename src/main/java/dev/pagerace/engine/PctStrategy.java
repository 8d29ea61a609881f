package dev.pagerace.engine;

import dev.pagerace.model.Envelope;
import dev.pagerace.program.ChoiceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
 * Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of
 * Finding Bugs", ASPLOS 2010). Every task gets a distinct random priority,
 * and {@code d - 1} priority change points are drawn uniformly over
 * {@code [1, k]}. Each delivery goes to the pending envelope of the
 * highest-priority task (its earliest one: the lowest seq). When the step
 * counter reaches the i-th change point, the task that would run is lowered
 * to priority {@code i}, below every initial priority, and the choice is made
 * again. A bug of depth {@code d} (d ordering constraints between events) is
 * then found in one run with probability at least {@code 1 / (n k^(d-1))}
 * (Theorem 9 of the paper).
 *
 * <p>The step counter counts delivery choices (two or more pending messages),
 * the only steps where a priority can change what runs; {@code k} is counted
 * the same way (see {@link StrategySpec#resolve}). Non-delivery choices
 * ({@code rand}, {@code choose}, reclaim entry, {@code pick_page}) are uniform
 * from the same seeded generator, as in {@link RandomStrategy}.
 *
 * <p>PCT is unfair by design (a low-priority task waits while a higher one
 * can run), so it does not judge starvation ({@link #judgesLiveness()}).
 */
public final class PctStrategy implements Strategy {
    private final SplittableRandom random;
    private final int depth;
    private final long steps;
    /** Sorted change points in [1, k]; the i-th (from 1) lowers the running task to priority i. */
    private final long[] changePoints;
    /** Tasks not yet lowered, highest priority first: a uniformly random order, built as tasks appear. */
    private final List<Integer> order = new ArrayList<>();
    /** Per task address: 0 while it keeps its initial priority, else the change point index it was lowered to. */
    private int[] lowered = new int[16];
    private boolean[] seen = new boolean[16];
    private long counter;
    private int nextChange;

    public PctStrategy(long seed, int depth, long steps) {
        if (depth < 1) throw new IllegalArgumentException("pct depth must be at least 1, not " + depth);
        if (steps < 1) throw new IllegalArgumentException("pct steps must be at least 1, not " + steps);
        this.random = new SplittableRandom(seed);
        this.depth = depth;
        this.steps = steps;
        this.changePoints = drawChangePoints(random, depth - 1, steps);
    }

    /**
     * {@code count} change points uniform over [1, k], distinct when k allows
     * (two change points at the same step would lower one task twice and
     * waste one), sorted.
     */
    private static long[] drawChangePoints(SplittableRandom random, int count, long k) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long c;
            boolean dup;
            do {
                c = 1 + random.nextLong(k);
                dup = false;
                for (int j = 0; j < i; j++) if (out[j] == c) dup = true;
            } while (dup && k > count);
            out[i] = c;
        }
        Arrays.sort(out);
        return out;
    }

    @Override public String name() { return "pct"; }

    public int depth() { return depth; }

    public long steps() { return steps; }

    /** The change points, in order (a copy). */
    public long[] changePoints() { return changePoints.clone(); }

    /** Tasks seen so far, highest initial priority first (a copy), for tests and reports. */
    public List<Integer> initialOrder() { return List.copyOf(order); }

    @Override public int choose(ChoiceKind kind, int n) { return random.nextInt(n); }

    @Override public int chooseDelivery(List<Envelope> pending) {
        for (Envelope e : pending) see(e.task());
        counter++;
        int pick = best(pending);
        // several change points may share a step when k < d - 1: each lowers the task that would then run
        while (nextChange < changePoints.length && changePoints[nextChange] == counter) {
            int task = pending.get(pick).task();
            order.remove(Integer.valueOf(task));
            lowered[task] = ++nextChange;
            pick = best(pending);
        }
        return pick;
    }

    /** The earliest pending envelope of the highest-priority task. */
    private int best(List<Envelope> pending) {
        int pick = 0;
        long bestKey = Long.MIN_VALUE;
        for (int i = 0; i < pending.size(); i++) {
            long key = priority(pending.get(i).task());
            if (key > bestKey) {
                bestKey = key;
                pick = i;
            }
        }
        return pick;
    }

    /**
     * Any initial priority is above every lowered one, and a task lowered at
     * a later change point ranks below one lowered earlier: the paper's
     * change point i sets priority d - i (Algorithm 1), as Coyote's and
     * Shuttle's PCT move the task to the lowest priority so far.
     */
    private long priority(int task) {
        if (lowered[task] > 0) return -lowered[task];
        return Integer.MAX_VALUE - (long) order.indexOf(task);
    }

    /**
     * A task seen for the first time takes a uniformly random place among the
     * tasks seen so far: inserting each at a uniform position yields a
     * uniformly random priority order, whatever order tasks appear in.
     */
    private void see(int task) {
        if (task >= seen.length) {
            int len = Math.max(task + 1, seen.length * 2);
            seen = Arrays.copyOf(seen, len);
            lowered = Arrays.copyOf(lowered, len);
        }
        if (seen[task]) return;
        seen[task] = true;
        order.add(random.nextInt(order.size() + 1), task);
    }
}
