package dev.pagerace.oracle;

import dev.pagerace.model.Event;
import dev.pagerace.program.DataId;
import dev.pagerace.program.Program;

/**
 * stale_data and data_exposure on disk-backed inodes, judged linearizably:
 * data is acceptable if it was the file's contents at some instant of the
 * operation that produced or returned it, and flagged only if it never was.
 *
 * <p>Identities: a page filled from a block carries {@code block(b,g)}, the
 * contents of block b during its generation g. Freeing a block ends its
 * generation ({@code free_blocks}, as ext4_punch_hole()/xfs_free_file_space()
 * do after truncating the page cache), and a later allocation, by any inode,
 * reuses the block under a new generation. So {@code block(b,g)} was file
 * contents exactly while generation g was live.
 *
 * <p>stale_data flags:
 * <ul>
 * <li>a page added to the cache (or read in with {@code read_block}) from a
 *     block whose generation had already ended: the fill read a freed, maybe reused, block (the ext4 race of Jan
 *     Kara's invalidate_lock series: readahead maps blocks, the punch frees
 *     them, the fill reads them in);</li>
 * <li>a write-back of {@code block(b,g)} while the page's index no longer maps
 *     to block b generation g: the write goes through a stale mapping and
 *     corrupts whoever owns b now (Jan Kara: "corrupting filesystem when stale
 *     mapping data gets used for writeout");</li>
 * <li>a cached page still holding a freed block's contents when every task
 *     has finished: nothing is left to remove it, so the next read returns
 *     freed data.</li>
 * </ul>
 * It deliberately does not flag a page that holds a freed block's contents
 * for a while but is removed before anyone can see it (a punch that frees
 * blocks first and truncates the cache under the same exclusive lock).
 *
 * <p>data_exposure flags a {@code read} that returns {@code block(b,g)} when
 * generation g had already ended when the read began. A read begins at the
 * start of the task's open {@code op}, or else at the lookup that handed the
 * task the page it copies (filemap_read() gets its folios, then copies). It
 * deliberately does not flag a read that copies a page a concurrent punch
 * removed after the lookup: that returns the file's pre-punch contents, and
 * the read linearizes before the punch.
 *
 * <p>Neither kind judges {@code zero#k} or {@code write#k} data: their
 * lifetime as file contents is not tracked by the model.
 */
public final class DataOracle implements Oracle {
    @Override public Violation onEvent(Event e, RunState s) {
        if (e instanceof Event.SlotState st && st.added() && st.kind() == 1) {
            DataId d = st.data();
            if (d.kind() == DataId.Kind.BLOCK && d.b() < s.blockGen(d.a())) {
                return stale(s, st.slot() - s.program.slotBase(), d,
                    "added to the cache from block " + d.a() + " after that block was freed at step " + s.freedAt(d.a(), d.b())
                        + " (now generation " + s.blockGen(d.a()) + "): the fill read a freed, maybe reused, block",
                    st.byTask(), null);
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
                    s.program.name(w.task()), w.site().where(), s.story(d.a()));
            }
        } else if (e instanceof Event.ReadData r) {
            DataId d = r.data();
            if (d.kind() == DataId.Kind.BLOCK) {
                if (!s.readLegal(r.task(), r.page(), d.a(), d.b())) {
                    long begin = s.readBegin(r.task(), r.page(), s.step());
                    return new Violation.DataExposure(s.program.name(r.task()), "page#" + r.page() + "@" + s.program.name(r.slot()), d.toString(),
                        "block " + d.a() + " generation " + d.b() + " was freed at step " + s.freedAt(d.a(), d.b())
                            + ", before this read began (step " + begin + "): the read returns freed or another file's data",
                        r.site().where(), r.site().stack("    "), s.story(d.a()));
                }
            }
        }
        return null;
    }

    @Override public Violation atEnd(RunState s) {
        if (!s.allDone()) return null;
        for (int k = 0; k < s.slotKind.length; k++) {
            DataId d = s.slotData[k];
            if (s.slotKind[k] == 1 && d.kind() == DataId.Kind.BLOCK && d.b() < s.blockGen(d.a())) {
                return stale(s, k, d, "still in the cache when every task had finished, although block " + d.a()
                    + " was freed at step " + s.freedAt(d.a(), d.b()) + ": the next read returns freed data", -1, null);
            }
        }
        return null;
    }

    private static Violation stale(RunState s, int k, DataId d, String detail, int task, String where) {
        int slot = s.program.slotBase() + k;
        return new Violation.StaleData("page#" + s.slotId[k] + "@" + s.program.name(slot), d.toString(), detail,
            task < 0 ? "" : s.program.name(task), where == null ? "" : where, s.story(d.a()));
    }
}
