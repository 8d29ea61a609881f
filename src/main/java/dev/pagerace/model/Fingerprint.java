package dev.pagerace.model;

import dev.pagerace.program.DataId;
import dev.pagerace.program.Value;
import java.util.Arrays;

/**
 * A canonical 64-bit hash of a run's world state, for the exhaustive search's
 * visited set. Cores feed it only what can influence the future of the run
 * (never sites, trace text or the delivery count), and pass every task
 * address and every run-unique id through it:
 * <ul>
 * <li>{@link #task(int)} renames task addresses by the permutation the
 *     symmetry reduction chose for interchangeable instances of one
 *     {@code task NAME * COUNT} group (Emerson and Sistla, "Symmetry and
 *     model checking", 1996: hash the orbit's representative);</li>
 * <li>{@link #id(long)} renames ids from {@link RunServices#newId()} (pages,
 *     swap entries, written data) in the order the canonical traversal first
 *     meets them, so equal states reached in different orders hash equal.
 *     Ids only ever take part in equality tests, so any consistent renaming
 *     is an isomorphism of the run.</li>
 * </ul>
 * Hashing is FNV-style mixing with a murmur3 finalizer; with 64 bits, 10^7
 * states collide with a probability of about 3 * 10^-6 (hash compaction,
 * as SPIN's {@code -DHC}, trades that for memory).
 */
public final class Fingerprint {
    private static final long MUL = 0x9E3779B97F4A7C15L;

    private long h;
    private int tasks;
    private int[] perm;
    private boolean blindTasks;
    /** Unknown ids: assigned the next canonical number, or (peeking) hashed as one placeholder. */
    private boolean peek;
    private long[] keys = new long[64];
    private long[] vals = new long[64];
    private int count;

    /** Starts a new state of a run with {@code tasks} tasks: no ids known yet, identity task names. */
    public void reset(int tasks) {
        this.tasks = tasks;
        restart();
        perm = null;
        blindTasks = false;
        peek = false;
        Arrays.fill(keys, 0);
        count = 0;
    }

    /** Starts the hash over, keeping the ids met so far and their numbers. */
    public void restart() { h = 0x2545F4914F6CDD1DL; }

    /** Task renaming for the rest of the state: old address to new; null for none. */
    public void permutation(int[] perm) { this.perm = perm; }

    /**
     * Sort-key modes, for ordering symmetric instances and pending messages
     * before the real pass: every task address hashes the same (blind), and
     * unknown ids are not assigned (peek: the order they are met in is not
     * canonical yet).
     */
    public void sortKeys(boolean blindTasks, boolean peek) {
        this.blindTasks = blindTasks;
        this.peek = peek;
    }

    public Fingerprint add(long x) {
        h = (h ^ x) * MUL;
        h ^= h >>> 29;
        return this;
    }

    public Fingerprint add(boolean b) { return add(b ? 1 : 2); }

    public Fingerprint add(String s) {
        if (s == null) return add(-7);
        return add(s.hashCode()).add(s.length());
    }

    public Fingerprint add(Enum<?> e) { return add(e == null ? -3 : e.ordinal()); }

    /** A task address, renamed. */
    public Fingerprint task(int addr) { return add(taskName(addr)); }

    /** The canonical name of a task address (other addresses pass unchanged). */
    public int taskName(int addr) {
        if (addr < 0 || addr >= tasks) return addr;
        if (blindTasks) return -11;
        return perm != null ? perm[addr] : addr;
    }

    /** A run-unique id, canonicalized; 0 is "no id" and stays 0. */
    public Fingerprint id(long id) { return add(canon(id)); }

    /** The canonical number of an id; -1 while peeking at an id not met yet. */
    public long canon(long id) {
        if (id == 0) return 0;
        int mask = keys.length - 1;
        int i = (int) mix(id) & mask;
        while (keys[i] != 0) {
            if (keys[i] == id) return vals[i];
            i = (i + 1) & mask;
        }
        if (peek) return -1;
        keys[i] = id;
        vals[i] = ++count;
        if (count * 2 > keys.length) grow();
        return count;
    }

    /** Whether an id was met already in this state's traversal. */
    public boolean known(long id) {
        if (id == 0) return true;
        int mask = keys.length - 1;
        int i = (int) mix(id) & mask;
        while (keys[i] != 0) {
            if (keys[i] == id) return true;
            i = (i + 1) & mask;
        }
        return false;
    }

    private void grow() {
        long[] ok = keys, ov = vals;
        keys = new long[ok.length * 2];
        vals = new long[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] == 0) continue;
            int i = (int) mix(ok[j]) & mask;
            while (keys[i] != 0) i = (i + 1) & mask;
            keys[i] = ok[j];
            vals[i] = ov[j];
        }
    }

    public Fingerprint data(DataId d) {
        if (d == null) return add(-5);
        add(d.kind());
        // zero#k and write#k are newId()s; block(b, gen) are disk facts, not renamed
        if (d.kind() == DataId.Kind.BLOCK) return add(d.a()).add(d.b());
        return id(d.a());
    }

    public Fingerprint value(Value v) {
        if (v == null) return add(-9);
        if (v instanceof Value.Int i) return add(1).add(i.v());
        if (v instanceof Value.Sym s) return add(2).add(s.name());
        if (v == Value.None.NONE) return add(3);
        if (v instanceof Value.InodeRef r) return add(4).add(r.index());
        if (v instanceof Value.LockRef r) return add(5).add(r.addr());
        if (v instanceof Value.WaitqRef r) return add(6).add(r.addr());
        if (v instanceof Value.PageRef p) return add(7).add(p.slot()).id(p.id());
        if (v instanceof Value.SwapRef s) return add(8).add(s.slot()).id(s.id());
        if (v instanceof Value.BlockRef b) return add(9).add(b.block()).add(b.gen());
        if (v instanceof Value.Data d) return add(10).data(d.id());
        if (v instanceof Value.Range r) return add(11).add(r.from()).add(r.to());
        throw new IllegalStateException("no fingerprint for " + v);
    }

    public Fingerprint values(Value[] vs) {
        add(vs.length);
        for (Value v : vs) value(v);
        return this;
    }

    public Fingerprint longs(long[] a) {
        if (a == null) return add(-13);
        add(a.length);
        for (long x : a) add(x);
        return this;
    }

    /** A message's content: sites are left out (they only feed reports). */
    public Fingerprint msg(Msg m) {
        if (m == Msg.Start.INSTANCE) return add(21);
        if (m instanceof Msg.Reply r) return add(22).add(taskName(r.from())).value(r.value());
        if (m instanceof Msg.Woken w) return add(23).add(w.queue());
        if (m instanceof Msg.LockReq l) return add(24).add(l.op()).add(l.subclass()).add(l.interrupt());
        if (m instanceof Msg.SlotReq s) {
            add(25).add(s.op()).id(s.id()).add(s.arg()).value(s.value()).add(s.hop());
            if (s.route() != null) for (int x : s.route()) add(x);
            return this;
        }
        if (m instanceof Msg.InodeReq i) return add(26).add(i.op()).add(i.field()).value(i.value()).add(i.from()).add(i.to()).longs(i.blocks());
        if (m instanceof Msg.LruReq l) return add(29).add(l.op()).value(l.page()).value(l.answer());
        if (m instanceof Msg.PoolReq p) return add(27).add(p.free()).longs(p.blocks()).add(p.inode()).add(p.from()).add(p.to());
        if (m instanceof Msg.WaitqReq w) return add(28).add(w.wake()).add(w.releaseLock()).add(w.releaseOp());
        throw new IllegalStateException("no fingerprint for " + m);
    }

    /** The current hash; the traversal may go on. */
    public long hash() { return mix(h); }

    /** Opens a sub-hash (for an element of a multiset); returns what {@link #close(long)} needs. */
    public long open() {
        long saved = h;
        h = 0x51AF0D2C3B5E6A71L;
        return saved;
    }

    /** Closes a sub-hash opened by {@link #open()}: returns it and restores the outer hash. */
    public long close(long saved) {
        long sub = mix(h);
        h = saved;
        return sub;
    }

    /** The murmur3 64-bit finalizer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb93e53b97f45L;
        return z ^ (z >>> 33);
    }
}
