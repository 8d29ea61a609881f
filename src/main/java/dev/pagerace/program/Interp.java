package dev.pagerace.program;

import dev.pagerace.lang.Pos;

/**
 * What compiled expressions need from the task that runs them. Every answer
 * from outside the task (shared operations, shared reads, calls, choices) is
 * memoized per instruction, so re-evaluating an instruction after a suspension
 * replays the answers already received instead of repeating the effects.
 */
public interface Interp {
    Value local(int slot, String name, Pos pos);

    /** A shared operation: the answer if already received, else suspends. */
    Value action(Ex.ActionEx action, Value[] operands, Value extra);

    /** A read of shared state ({@code p.uptodate}, {@code ino.falloc_mode}) by {@code at}, whose target is {@code target}. */
    Value read(Ex.AttrEx at, Value target);

    /** A path call. */
    Value call(Ex.CallEx call, Value[] args);

    /** A nondeterministic integer in {@code [lo, hi]} drawn from the strategy. */
    Value choose(ChoiceKind kind, Pos pos, long lo, long hi);

    Program program();

    /**
     * vmscan's may_enter_fs(): whether the reclaim this task runs may call
     * into filesystem writeout. True in kswapd-like reclaim and in direct
     * reclaim for an allocation with __GFP_FS; false for nofs/noio
     * allocations and inside memalloc_nofs/memalloc_noio scopes
     * (current_gfp_context()). Outside reclaim: the task's current context.
     */
    boolean mayEnterFs();
}
