package dev.pagerace.engine.dfs;

import dev.pagerace.engine.Strategy;
import dev.pagerace.model.Envelope;
import dev.pagerace.program.ChoiceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The search's strategy for one transition: the delivery it was told, then
 * the choices of the current choice vector; past the vector it answers 0 and
 * notes how many options there were, so the search learns the branch points
 * inside a delivery ({@code rand}, {@code choose}, reclaim entry,
 * {@code pick_page}) and enumerates them in lexicographic order.
 */
final class ScriptStrategy implements Strategy {
    private int delivery;
    private int[] vector;
    private int used;
    /** What the transition chose, in the schedule's terms: kind, n, value triples. */
    final List<int[]> made = new ArrayList<>(4);

    void script(int delivery, int[] vector) {
        this.delivery = delivery;
        this.vector = vector;
        this.used = 0;
        made.clear();
    }

    @Override public String name() { return "dfs"; }

    @Override public int chooseDelivery(List<Envelope> pending) {
        made.add(new int[] {ChoiceKind.DELIVERY.ordinal(), pending.size(), delivery});
        return delivery;
    }

    @Override public int choose(ChoiceKind kind, int n) {
        int v = used < vector.length ? vector[used] : 0;
        used++;
        made.add(new int[] {kind.ordinal(), n, v});
        return v;
    }

    /**
     * The next choice vector of this delivery after the one just run, or null
     * when all were run: the last choice that can still go up goes up, and
     * everything after it starts again at 0.
     */
    int[] successor() {
        List<int[]> inner = made.isEmpty() || made.get(0)[0] != ChoiceKind.DELIVERY.ordinal() ? made : made.subList(1, made.size());
        for (int k = inner.size() - 1; k >= 0; k--) {
            int[] c = inner.get(k);
            if (c[2] + 1 < c[1]) {
                int[] next = new int[k + 1];
                for (int j = 0; j < k; j++) next[j] = inner.get(j)[2];
                next[k] = c[2] + 1;
                return next;
            }
        }
        return null;
    }
}
