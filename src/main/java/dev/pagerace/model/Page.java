package dev.pagerace.model;

import dev.pagerace.program.DataId;
import dev.pagerace.program.LockKind;

/**
 * A page (folio) of the model. It belongs to the slot it was added to for its
 * whole life: once deleted from the cache ({@code inCache} false, mapping
 * none) it is an orphan that handles may still reference.
 */
public final class Page {
    final long id;
    DataId data;
    boolean uptodate;
    boolean dirty;
    int mapcount;
    /** PTEs actually installed; mapcount may also count a mapping about to be installed (mapcount_inc). */
    int ptes;
    boolean inCache = true;
    /**
     * The block this page's buffers map to: the block it was read from
     * ({@code add ... from b}), or null for a page with no block behind it.
     * A write changes the data, not the mapping: ext4's buffer heads keep
     * {@code b_blocknr} from the read, and writeback uses it without asking
     * the block map again (Amir Goldstein's "stale mapping data used for
     * writeout").
     */
    DataId mappedBlock;
    /** The page lock's resource name, {@code page#7@shm[1]}: made once, every lock event names it. */
    String lockName;
    /** Page lock: exclusive, FIFO (folio_lock / folio_wait_bit). */
    final LockState lock;

    Page(long id, DataId data, boolean uptodate) {
        this(id, data, uptodate, new LockState(LockKind.MUTEX));
    }

    private Page(long id, DataId data, boolean uptodate, LockState lock) {
        this.id = id;
        this.data = data;
        this.uptodate = uptodate;
        this.lock = lock;
    }

    /** A deep copy for the exhaustive search. */
    Page copy() {
        Page c = new Page(id, data, uptodate, lock.copy());
        c.dirty = dirty;
        c.mapcount = mapcount;
        c.ptes = ptes;
        c.inCache = inCache;
        c.lockName = lockName;
        return c;
    }

    void fingerprint(Fingerprint f) {
        f.id(id).data(data).add(uptodate).add(dirty).add(mapcount).add(ptes).add(inCache);
        lock.fingerprint(f);
    }

    public long id() { return id; }
    public DataId data() { return data; }
    public boolean uptodate() { return uptodate; }
    public boolean dirty() { return dirty; }
    public int mapcount() { return mapcount; }
    public boolean inCache() { return inCache; }
    public boolean locked() { return !lock.isFree(); }
    public LockState lock() { return lock; }
}
