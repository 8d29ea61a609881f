package dev.pagerace.program;

import dev.pagerace.lang.Pos;

/**
 * One instruction of a compiled path. Control flow is flat (jumps), so a task
 * suspended at any instruction resumes from just its pc, locals and call stack.
 */
public sealed interface Insn {
    Pos pos();

    /** Evaluate and discard (an operation or call used as a statement). */
    record Eval(Pos pos, Ex expr) implements Insn {}

    record Store(Pos pos, int slot, Ex expr) implements Insn {}

    record JumpUnless(Pos pos, Ex cond, int target) implements Insn {}

    record Jump(Pos pos, int target) implements Insn {}

    /** counter = count; the loop body is entered through {@link RepeatNext}. */
    record RepeatInit(Pos pos, int counter, Ex count) implements Insn {}

    /** if counter == 0 goto exit, else counter-- and fall through into the body. */
    record RepeatNext(Pos pos, int counter, int exit) implements Insn {}

    /** var = from; end = to. */
    record ForInit(Pos pos, int var, int end, Ex from, Ex to) implements Insn {}

    /** if var >= end goto exit. */
    record ForTest(Pos pos, int var, int end, int exit) implements Insn {}

    /** var++ then goto test. */
    record ForStep(Pos pos, int var, int test) implements Insn {}

    /** Jump to one of the branches, chosen by the strategy. */
    record Choose(Pos pos, int[] targets) implements Insn {}

    /** Start of a measured operation ({@code op NAME [INODE A..B] { }}); inode and range may be null. */
    record OpBegin(Pos pos, String name, Ex inode, Ex range) implements Insn {}

    record OpEnd(Pos pos, String name) implements Insn {}

    /** Return from the path; {@code value} may be null. */
    record Ret(Pos pos, Ex value) implements Insn {}

    /** Enters ({@code enter}) or leaves a context scope: memalloc_nofs, memalloc_noio or in_irq. */
    record Scope(Pos pos, String kind, boolean enter) implements Insn {}

    record Assert(Pos pos, Ex cond, String message) implements Insn {}
}
