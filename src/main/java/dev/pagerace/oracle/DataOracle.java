package dev.pagerace.oracle;

import dev.pagerace.model.Event;
import dev.pagerace.program.DataId;
import dev.pagerace.program.Program;

/**
 * stale_data and data_exposure, on disk-backed inodes. A block's generation
 * goes up when it is freed, so {@code block(b,g)} with {@code g} below the
 * block's current generation is data of a freed (maybe reused) block.
 */
public final class DataOracle implements Oracle {
    @Override public Violation onEvent(Event e, RunState s) {
        if (e instanceof Event.BlockFreed f) {
            // every cached page still holding this block's old contents is now stale
            for (int k = 0; k < s.slotKind.length; k++) {
                DataId d = s.slotData[k];
                if (s.slotKind[k] == 1 && d.kind() == DataId.Kind.BLOCK && d.a() == f.block() && d.b() < f.gen()) {
                    return stale(s, k, d, "block " + f.block() + " was freed with this page still in the cache", -1, null);
                }
            }
        } else if (e instanceof Event.SlotState st && st.added() && st.kind() == 1) {
            DataId d = st.data();
            if (d.kind() == DataId.Kind.BLOCK && d.b() < s.blockGen(d.a())) {
                return stale(s, st.slot() - s.program.slotBase(), d,
                    "added to the cache from block " + d.a() + " after that block was freed (now generation " + s.blockGen(d.a()) + ")", st.byTask(), null);
            }
        } else if (e instanceof Event.Writeback w) {
            DataId d = w.data();
            long block = s.mapBlock[w.inode()][w.index()];
            long gen = s.mapGen[w.inode()][w.index()];
            if (d.kind() == DataId.Kind.BLOCK && (block != d.a() || gen != d.b())) {
                Program.InodeInfo ino = s.program.inodes().get(w.inode());
                String now = block < 0 ? "a hole" : "block(" + block + "," + gen + ")";
                return new Violation.StaleData("page#" + w.page() + "@" + ino.name() + "[" + w.index() + "]", d.toString(),
                    "written back although " + ino.name() + "[" + w.index() + "] now maps to " + now + ": the write would corrupt block " + d.a(),
                    s.program.name(w.task()), w.site().where());
            }
        } else if (e instanceof Event.ReadData r) {
            DataId d = r.data();
            if (d.kind() == DataId.Kind.BLOCK && d.b() < s.blockGen(d.a())) {
                return new Violation.DataExposure(s.program.name(r.task()), "page#" + r.page() + "@" + s.program.name(r.slot()), d.toString(),
                    "block " + d.a() + " was freed (generation now " + s.blockGen(d.a()) + "): the read returns another file's or freed data",
                    r.site().where(), r.site().stack("    "));
            }
        }
        return null;
    }

    private static Violation stale(RunState s, int k, DataId d, String detail, int task, String where) {
        int slot = s.program.slotBase() + k;
        return new Violation.StaleData("page#" + s.slotId[k] + "@" + s.program.name(slot), d.toString(), detail,
            task < 0 ? "" : s.program.name(task), where == null ? "" : where);
    }
}
