package dev.pagerace.model;

import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The core of an inode actor: its int/symbol fields (where tmpfs keeps
 * {@code shmem_falloc}), {@code i_size}, and for disk backing the block map
 * (page index to block and the generation it had when mapped).
 */
public final class InodeCore implements ModelObject {
    private final Program program;
    private final Program.InodeInfo info;
    private final Value[] fields;
    private Value iSize;
    private final long[] block;
    private final long[] gen;

    public InodeCore(Program program, Program.InodeInfo info, long firstBlock) {
        this.program = program;
        this.info = info;
        this.fields = info.fieldInit().toArray(new Value[0]);
        this.iSize = Value.Int.of(info.pages());
        this.block = new long[info.pages()];
        this.gen = new long[info.pages()];
        for (int i = 0; i < block.length; i++) block[i] = info.swapBacked() ? -1 : firstBlock + i;
    }

    private InodeCore(InodeCore o) {
        this.program = o.program;
        this.info = o.info;
        this.fields = o.fields.clone();
        this.iSize = o.iSize;
        this.block = o.block.clone();
        this.gen = o.gen.clone();
    }

    @Override public ModelObject copy() { return new InodeCore(this); }

    @Override public void fingerprint(Fingerprint f) {
        f.values(fields).value(iSize).longs(block).longs(gen);
    }

    @Override public void deliver(Envelope env, RunServices rs, Effects fx) {
        Msg.InodeReq req = (Msg.InodeReq) env.msg();
        int task = env.task();
        switch (req.op()) {
            case READ_FIELD -> {
                Value v = req.field().equals("i_size") ? iSize : fields[info.fields().indexOf(req.field())];
                fx.reply(info.addr(), task, v);
                if (fx.tracing()) fx.outcome("-> " + v);
            }
            case WRITE_FIELD -> {
                if (req.field().equals("i_size")) iSize = req.value();
                else fields[info.fields().indexOf(req.field())] = req.value();
                fx.reply(info.addr(), task, Value.None.NONE);
                if (fx.tracing()) fx.outcome("= " + req.value());
            }
            case GET_BLOCK -> {
                if (!hasBlocks(task, req, fx)) return;
                int idx = (int) req.from();
                Value v = block[idx] < 0 ? Value.None.NONE : new Value.BlockRef(block[idx], gen[idx]);
                fx.event(new Event.BlockLookup(task, info.index(), idx, block[idx], gen[idx], req.site()));
                fx.reply(info.addr(), task, v);
                if (fx.tracing()) fx.outcome("-> " + (block[idx] < 0 ? "hole" : v));
            }
            case FREE_BLOCKS -> {
                if (!hasBlocks(task, req, fx)) return;
                List<Long> freed = new ArrayList<>();
                for (long i = req.from(); i < req.to(); i++) {
                    if (block[(int) i] >= 0) {
                        freed.add(block[(int) i]);
                        block[(int) i] = -1;
                        fx.event(new Event.BlockMap(info.index(), (int) i, -1, 0));
                    }
                }
                if (freed.isEmpty()) {
                    fx.reply(info.addr(), task, Value.None.NONE);
                    fx.outcome("nothing to free");
                } else {
                    long[] b = freed.stream().mapToLong(Long::longValue).toArray();
                    fx.send(program.poolAddr(), task, new Msg.PoolReq(true, b, info.addr(), req.from(), req.to()));
                    if (fx.tracing()) fx.outcome("unmapped blocks " + freed + "; pool frees them");
                }
            }
            case ALLOC_BLOCKS -> {
                if (!hasBlocks(task, req, fx)) return;
                int holes = 0;
                for (long i = req.from(); i < req.to(); i++) if (block[(int) i] < 0) holes++;
                if (holes == 0) {
                    fx.reply(info.addr(), task, Value.None.NONE);
                    fx.outcome("no holes");
                } else {
                    fx.send(program.poolAddr(), task, new Msg.PoolReq(false, new long[holes], info.addr(), req.from(), req.to()));
                    if (fx.tracing()) fx.outcome(holes + " holes; pool allocates");
                }
            }
            case BLOCKS_ALLOCATED -> {
                // from the pool: (block, generation) pairs for the holes of from..to, in index order
                long[] pairs = req.blocks();
                int k = 0;
                StringBuilder note = fx.tracing() ? new StringBuilder("mapped") : null;
                for (long i = req.from(); i < req.to() && k + 1 < pairs.length; i++) {
                    if (block[(int) i] < 0) {
                        block[(int) i] = pairs[k];
                        gen[(int) i] = pairs[k + 1];
                        fx.event(new Event.BlockMap(info.index(), (int) i, pairs[k], pairs[k + 1]));
                        if (note != null) note.append(' ').append(i).append("->block(").append(pairs[k]).append(',').append(pairs[k + 1]).append(')');
                        k += 2;
                    }
                }
                fx.reply(info.addr(), task, Value.None.NONE);
                if (note != null) fx.outcome(note.toString());
            }
            default -> throw new IllegalStateException(req.op().toString());
        }
    }

    private boolean hasBlocks(int task, Msg.InodeReq req, Effects fx) {
        if (!info.swapBacked()) return true;
        fx.fault(task, req.site() == null ? null : req.site().pos(), info.name() + " is swap-backed: it has no blocks");
        return false;
    }
}
