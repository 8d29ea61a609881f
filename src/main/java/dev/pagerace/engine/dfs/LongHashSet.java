package dev.pagerace.engine.dfs;

/**
 * The visited set: 64-bit state fingerprints in one open-addressing array
 * (8 bytes a state at most 50% load, 16 at worst after growth), instead of
 * a {@code HashSet<Long>} at about 50 bytes a state. 0 is the empty mark;
 * a fingerprint 0 is stored as 1.
 */
final class LongHashSet {
    private long[] table = new long[1 << 16];
    private int size;

    /** Adds {@code x}; false if it was there already. */
    boolean add(long x) {
        if (x == 0) x = 1;
        int mask = table.length - 1;
        int i = (int) (x ^ (x >>> 32)) & mask;
        while (table[i] != 0) {
            if (table[i] == x) return false;
            i = (i + 1) & mask;
        }
        table[i] = x;
        if (++size * 2 > table.length) grow();
        return true;
    }

    int size() { return size; }

    long bytes() { return table.length * 8L; }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long x : old) {
            if (x == 0) continue;
            int i = (int) (x ^ (x >>> 32)) & mask;
            while (table[i] != 0) i = (i + 1) & mask;
            table[i] = x;
        }
    }
}
