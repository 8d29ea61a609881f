package dev.pagerace.model;

import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The core of the block pool actor: one pool for every disk-backed inode of
 * the run. Freeing a block bumps its generation; allocation reuses the most
 * recently freed block first, so a page cached from a freed block is stale
 * as soon as the block is reused (the ext4 hole-punch race, Jan Kara 2021).
 */
public final class PoolCore implements ModelObject {
    private final Program program;
    private final ArrayDeque<Long> free = new ArrayDeque<>();
    private long[] gen;
    private long next;

    public PoolCore(Program program, long initialBlocks) {
        this.program = program;
        this.next = initialBlocks;
        this.gen = new long[(int) Math.max(16, initialBlocks * 2)];
    }

    @Override public ModelObject copy() {
        PoolCore c = new PoolCore(program, 0);
        c.free.addAll(free);
        c.gen = gen.clone();
        c.next = next;
        return c;
    }

    /** The free list in reuse order, the generations and the next fresh block: all decide future allocations. */
    @Override public void fingerprint(Fingerprint f) {
        f.add(free.size());
        for (long b : free) f.add(b);
        f.add(next);
        // trailing zero generations are the same as no entry (ensure() grows the array lazily)
        int n = gen.length;
        while (n > 0 && gen[n - 1] == 0) n--;
        f.add(n);
        for (int i = 0; i < n; i++) f.add(gen[i]);
    }

    @Override public void deliver(Envelope env, RunServices rs, Effects fx) {
        Msg.PoolReq req = (Msg.PoolReq) env.msg();
        if (req.free()) {
            for (long b : req.blocks()) {
                ensure(b);
                gen[(int) b]++;
                free.push(b);
                fx.event(new Event.BlockFreed(b, gen[(int) b]));
            }
            fx.reply(program.poolAddr(), env.task(), Value.None.NONE);
            if (fx.tracing()) fx.outcome("freed " + Arrays.toString(req.blocks()));
            return;
        }
        int n = req.blocks().length;
        long[] pairs = new long[n * 2];
        for (int i = 0; i < n; i++) {
            long b = free.isEmpty() ? next++ : free.pop();
            ensure(b);
            pairs[2 * i] = b;
            pairs[2 * i + 1] = gen[(int) b];
        }
        fx.send(req.inode(), env.task(), new Msg.InodeReq(Msg.InodeOp.BLOCKS_ALLOCATED, null, null, req.from(), req.to(), pairs, null));
        if (fx.tracing()) fx.outcome("allocated " + n + " block" + (n == 1 ? "" : "s"));
    }

    private void ensure(long b) {
        if (b >= gen.length) gen = Arrays.copyOf(gen, (int) Math.max(b + 1, gen.length * 2L));
    }
}
