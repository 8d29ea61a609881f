package dev.pagerace.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * Cycle search in the wait-for graph: task -> the tasks it waits for (lock
 * holders, conflicting waiters ahead). Only blocked tasks can be on a cycle.
 * Deterministic: searches from the lowest task number, follows edges in order.
 */
public final class WaitForGraph {
    private WaitForGraph() {}

    private static final int[] NONE = new int[0];

    /** A cycle as a list of tasks, each waiting for the next (the last for the first); empty if none. */
    public static List<Integer> findCycle(int[][] edges, boolean[] blocked) {
        int n = edges.length;
        int[] color = new int[n]; // 0 new, 1 on stack, 2 done
        int[] parent = new int[n];
        // iterative DFS with an explicit edge cursor; a task is pushed at most once over all starts
        int[] cursor = new int[n];
        int[] stack = new int[n];
        for (int start = 0; start < n; start++) {
            if (!blocked[start] || color[start] != 0) continue;
            int sp = 0;
            stack[sp++] = start;
            color[start] = 1;
            parent[start] = -1;
            while (sp > 0) {
                int t = stack[sp - 1];
                int[] out = edges[t] == null ? NONE : edges[t];
                if (cursor[t] < out.length) {
                    int u = out[cursor[t]++];
                    if (u < 0 || u >= n || !blocked[u]) continue;
                    if (color[u] == 1) {
                        List<Integer> cycle = new ArrayList<>();
                        for (int x = t; x != u; x = parent[x]) cycle.add(0, x);
                        cycle.add(0, u);
                        return cycle;
                    }
                    if (color[u] == 0) {
                        color[u] = 1;
                        parent[u] = t;
                        stack[sp++] = u;
                    }
                } else {
                    color[t] = 2;
                    sp--;
                }
            }
        }
        return List.of();
    }
}
