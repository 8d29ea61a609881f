package dev.pagerace.engine.dfs;

import dev.pagerace.engine.RunCore;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.Fingerprint;
import dev.pagerace.model.ModelObject;
import dev.pagerace.oracle.RunState;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical fingerprint of a search state: every object, the oracles'
 * mirror, and the pending set as a multiset. In order:
 * <ol>
 * <li>a first walk over the page-cache slots fixes the numbers of every
 *     page, swap entry and piece of data they hold (each slot's own history
 *     orders its pages, so this order does not depend on the interleaving);</li>
 * <li>with symmetry on, the instances of each {@code task NAME * COUNT}
 *     group are sorted by their own state (task core, held locks, open ops,
 *     the messages they have in flight) and renamed in that order
 *     everywhere: lock holders and waiters, wait queues, wait-for edges,
 *     pending messages, the mirror;</li>
 * <li>the real pass: tasks in their new order, the other objects by address,
 *     the mirror, the pending messages sorted by their own hash, and last the
 *     punch snapshots, counting only data still alive.</li>
 * </ol>
 * Excluded: the delivery count and message sequence numbers (no safety
 * verdict depends on them), sites and trace text (reports only), the id
 * counter (ids are renamed), and the lock-order collector (its edges are
 * unioned over the whole search).
 */
final class StateHasher {
    private final Program program;
    private final boolean symmetry;
    private final int tasks;
    /** Task groups with more than one instance: first address and count. */
    private final int[][] groups;
    private final Fingerprint f = new Fingerprint();

    StateHasher(Program program, boolean symmetry) {
        this.program = program;
        this.symmetry = symmetry;
        this.tasks = program.tasks().size();
        List<int[]> gs = new ArrayList<>();
        List<Program.TaskInfo> ts = program.tasks();
        for (int i = 0; i < ts.size(); ) {
            int j = i;
            while (j < ts.size() && ts.get(j).group().equals(ts.get(i).group())) j++;
            if (j - i > 1) gs.add(new int[] {i, j - i});
            i = j;
        }
        this.groups = gs.toArray(new int[0][]);
    }

    boolean hasSymmetry() { return symmetry && groups.length > 0; }

    /** {@code preemptions} -1 when no preemption bound is set. */
    long hash(RunCore core, ModelObject[] objs, int lastTask, int preemptions) {
        RunState st = core.runState();
        List<Envelope> pending = core.pending();
        f.reset(tasks);
        for (int a = program.slotBase(); a < program.poolAddr(); a++) objs[a].fingerprint(f);
        int[] perm = null, inv = null;
        if (hasSymmetry()) {
            perm = new int[tasks];
            for (int t = 0; t < tasks; t++) perm[t] = t;
            f.sortKeys(true, true);
            for (int[] g : groups) {
                long[] keys = new long[g[1]];
                for (int i = 0; i < g[1]; i++) {
                    int t = g[0] + i;
                    long o = f.open();
                    objs[t].fingerprint(f);
                    st.fingerprintTask(f, t);
                    long sum = 0;
                    for (Envelope e : pending) {
                        if (e.task() != t) continue;
                        long o2 = f.open();
                        f.add(f.taskName(e.to())).msg(e.msg());
                        sum += f.close(o2);
                    }
                    f.add(sum);
                    keys[i] = f.close(o);
                }
                // order by key, ties by address; the i-th in that order becomes the group's i-th instance
                Integer[] order = new Integer[g[1]];
                for (int i = 0; i < order.length; i++) order[i] = i;
                Arrays.sort(order, (x, y) -> keys[x] != keys[y] ? Long.compare(keys[x], keys[y]) : Integer.compare(x, y));
                for (int r = 0; r < order.length; r++) perm[g[0] + order[r]] = g[0] + r;
            }
            f.sortKeys(false, false);
            inv = new int[tasks];
            for (int t = 0; t < tasks; t++) inv[perm[t]] = t;
            f.permutation(perm);
        }
        f.restart();
        for (int n = 0; n < tasks; n++) objs[inv == null ? n : inv[n]].fingerprint(f);
        for (int a = tasks; a < objs.length; a++) objs[a].fingerprint(f);
        st.fingerprint(f, inv);
        // the pending set is a multiset: order it by each message's own hash (renamed tasks, ids peeked)
        int n = pending.size();
        long[] keys = new long[n];
        Integer[] order = new Integer[n];
        f.sortKeys(false, true);
        for (int i = 0; i < n; i++) {
            order[i] = i;
            keys[i] = envelope(pending.get(i));
        }
        f.sortKeys(false, false);
        Arrays.sort(order, (x, y) -> keys[x] != keys[y] ? Long.compare(keys[x], keys[y]) : Integer.compare(x, y));
        f.add(n);
        for (int i = 0; i < n; i++) f.add(envelope(pending.get(order[i])));
        st.fingerprintSnapshots(f, inv);
        // under a preemption bound, what may still happen depends on the budget left and who ran last
        if (preemptions >= 0) f.add(f.taskName(lastTask)).add(preemptions);
        return f.hash();
    }

    private long envelope(Envelope e) {
        long o = f.open();
        f.add(f.taskName(e.to())).add(f.taskName(e.task())).msg(e.msg());
        return f.close(o);
    }
}
