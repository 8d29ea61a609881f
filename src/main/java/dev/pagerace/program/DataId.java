package dev.pagerace.program;

/**
 * What a page's contents are, independent of which page holds them: a freshly
 * zeroed page ({@code zero#k}), the contents of a disk block at a generation
 * ({@code block(b,gen)}), or data a task wrote ({@code write#k}). Carried
 * unchanged through swap-out and swap-in, so the oracles can follow data.
 */
public record DataId(Kind kind, long a, long b) {
    public enum Kind { ZERO, BLOCK, WRITE }

    public static DataId zero(long k) { return new DataId(Kind.ZERO, k, 0); }
    public static DataId block(long block, long gen) { return new DataId(Kind.BLOCK, block, gen); }
    public static DataId write(long k) { return new DataId(Kind.WRITE, k, 0); }

    @Override public String toString() {
        return switch (kind) {
            case ZERO -> "zero#" + a;
            case BLOCK -> "block(" + a + "," + b + ")";
            case WRITE -> "write#" + a;
        };
    }
}
