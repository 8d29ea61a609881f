package dev.pagerace.program;

/** What a nondeterministic choice decides; recorded with the choice so a replay can say where it diverged. */
public enum ChoiceKind {
    /** which pending message is delivered next */
    DELIVERY,
    /** {@code rand(A, B)} */
    RAND,
    /** which branch of {@code choose { } or { }} */
    CHOOSE,
    /** whether an {@code alloc} enters direct reclaim */
    RECLAIM,
    /** where {@code pick_page} starts its scan */
    PICK;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
