package dev.pagerace.oracle;

/**
 * "Held {@code from} while taking {@code to}", by lock class, as lockdep
 * records dependencies; with the first example seen: which task, where it
 * took each lock, and the seed of the run (filled when runs are merged).
 */
public record LockEdge(String from, String fromMode, String to, String toMode,
                       String task, String heldWhere, String heldStack, String takenWhere, String takenStack, long seed) {

    public String key() { return from + "{" + fromMode + "}->" + to + "{" + toMode + "}"; }

    public LockEdge withSeed(long s) {
        return new LockEdge(from, fromMode, to, toMode, task, heldWhere, heldStack, takenWhere, takenStack, s);
    }
}
