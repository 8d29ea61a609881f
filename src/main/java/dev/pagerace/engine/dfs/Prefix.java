package dev.pagerace.engine.dfs;

import java.util.ArrayList;
import java.util.List;

/**
 * A path from the initial state as text, for shipping a subtree of the
 * search to another node: transitions separated by {@code /}, each its
 * delivery index and then its inner choices, separated by {@code .}
 * ({@code 2/0.1/1}). Bounded: a path longer than {@code maxLegs}
 * transitions, or a number out of range, is refused.
 */
public final class Prefix {
    private Prefix() {}

    public static String encode(List<int[]> legs) {
        StringBuilder b = new StringBuilder();
        for (int[] leg : legs) {
            if (b.length() > 0) b.append('/');
            for (int i = 0; i < leg.length; i++) {
                if (i > 0) b.append('.');
                b.append(leg[i]);
            }
        }
        return b.toString();
    }

    public static List<int[]> decode(String text, int maxLegs) {
        List<int[]> legs = new ArrayList<>();
        if (text.isEmpty()) return legs;
        for (String leg : text.split("/", -1)) {
            if (legs.size() >= maxLegs) throw new IllegalArgumentException("a dfs prefix longer than " + maxLegs + " transitions");
            String[] parts = leg.split("\\.", -1);
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    out[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a dfs prefix with a bad number '" + parts[i] + "'");
                }
                if (out[i] < 0) throw new IllegalArgumentException("a dfs prefix with a negative choice " + out[i]);
            }
            legs.add(out);
        }
        return legs;
    }
}
