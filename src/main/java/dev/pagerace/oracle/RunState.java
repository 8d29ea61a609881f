package dev.pagerace.oracle;

import dev.pagerace.model.Event;
import dev.pagerace.model.Mode;
import dev.pagerace.model.Site;
import dev.pagerace.program.DataId;
import dev.pagerace.program.LockKind;
import dev.pagerace.program.Program;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the oracles know of a run, rebuilt from the objects' events: locks
 * held and where, blocked tasks and their wait-for edges, open ops, the
 * content of every page-cache slot, and the block maps and generations.
 * Plain data, updated one event at a time; no Akka, no clock.
 */
public final class RunState {
    /** A held lock; {@code step}: the delivery that granted it (reports only; never part of a fingerprint). */
    public record Held(String resource, String cls, Mode mode, Site site, boolean spin, int inode, int order, boolean recursive, boolean hidden, long step) {}

    /** A blocked task's wait; {@code step}: the delivery at which it blocked (reports only). */
    public record Block(String resource, String cls, String mode, Site site, String why, long step) {}

    /** An {@code op} in progress. */
    public static final class OpRun {
        public final String name;
        public final long begin;
        public final Site site;
        public final int inode;
        public final long from, to;
        /** Data identities in the punch range when the op began. */
        public final Set<DataId> snapshot;
        /** Slots this task deleted a page from during the op, and how often someone refilled them. */
        final BitSet deleted = new BitSet();
        public int undone;
        /** Every block's generation when the op began: which block contents were live then (data_exposure). */
        final long[] genAtBegin;

        /**
         * The op's timeline for a starvation report: its first steps, and
         * its latest ones in a ring; how many fell between is {@code dropped}.
         * Reports only: never fingerprinted.
         */
        private final List<Note> first = new ArrayList<>();
        private final ArrayDeque<Note> latest = new ArrayDeque<>();
        private long dropped;
        private static final int FIRST = 6, LATEST = 10;

        void log(Note line) {
            if (first.size() < FIRST) {
                first.add(line);
                return;
            }
            latest.addLast(line);
            if (latest.size() > LATEST) {
                latest.removeFirst();
                dropped++;
            }
        }

        /** The timeline, with a line saying how many steps in the middle are left out. */
        public List<String> timeline() {
            List<String> out = new ArrayList<>();
            for (Note n : first) out.add(n.line());
            if (dropped > 0) out.add("   ... " + dropped + " more like these ...");
            for (Note n : latest) out.add(n.line());
            return out;
        }

        OpRun copy() {
            OpRun c = new OpRun(name, begin, site, inode, from, to, snapshot, genAtBegin);
            c.deleted.or(deleted);
            c.undone = undone;
            c.first.addAll(first);
            c.latest.addAll(latest);
            c.dropped = dropped;
            return c;
        }

        OpRun(String name, long begin, Site site, int inode, long from, long to, Set<DataId> snapshot, long[] genAtBegin) {
            this.name = name;
            this.begin = begin;
            this.site = site;
            this.inode = inode;
            this.from = from;
            this.to = to;
            this.snapshot = snapshot;
            this.genAtBegin = genAtBegin;
        }
    }

    public final Program program;
    final int tasks;
    final List<List<Held>> held = new ArrayList<>();
    final Block[] blocked;
    final boolean[] isBlocked;
    final int[][] waitsFor;
    final boolean[] done;
    /** Where each task entered interrupt context, while it is in it; else null. */
    final Site[] interrupt;
    final List<Deque<OpRun>> ops = new ArrayList<>();
    /** The op the last OpEnd event closed, for oracles that judge an op at its end. */
    OpRun ended;
    int endedTask = -1;
    boolean edgesChanged;

    // page cache mirror, by slot address - slotBase
    final int[] slotKind;
    final long[] slotId;
    final DataId[] slotData;
    // block maps by inode, block generations
    final long[][] mapBlock;
    final long[][] mapGen;
    private long[] blockGen = new long[64];
    /** freedAt[b][g]: the step at which block b's generation g ended (it was freed); grows as blocks are freed. */
    private long[][] freedAt = new long[64][];
    /**
     * A task's latest lookup of a page: when (for reports), and whether the
     * page's data was live file contents then (a block generation not yet
     * freed, or data that is not a block's). data_exposure judges by
     * {@code live} alone, with no step numbers, so equal states hash equal.
     */
    record Lookup(long step, boolean live) {}

    /** The latest wake_all of a wait queue: when, by whom, where, and how many it woke (stall reports). */
    public record WakeNote(long step, int task, String where, int woken) {}

    /** Wait queue name -> its latest wake_all; read only by reports, never fingerprinted. */
    private java.util.TreeMap<String, WakeNote> wakes = new java.util.TreeMap<>();

    /**
     * A step of a data violation's story: which task did what to a block,
     * at which step and site. Reports only: never fingerprinted.
     */
    public record Note(long step, String task, java.util.function.Supplier<String> what, Site site) {
        /** Formatted only when a report asks: notes are taken on the hot path, reports are rare. */
        public String line() {
            return String.format("#%-6d %-14s %s%s", step, task, what.get(), site == null ? "" : ", at: " + site.where());
        }
    }

    /** Notes kept per block: the oldest are dropped past this many. */
    private static final int NOTES_PER_BLOCK = 16;

    /** notes[b]: block b's story so far; arrays are replaced, never changed, so copies share them. */
    private Note[][] notes = new Note[64][];
    /** pageNotes[id]: page id's story (added, looked up, mapped, deleted), kept as notes[] is. */
    private Note[][] pageNotes = new Note[64][];

    /** The task of the delivery whose events are being applied, and the site of its request (or its latest one). */
    private int ctxTask = -1;
    private Site ctxSite;
    private Site[] lastSite;

    /** Per task: page id -> its latest lookup. */
    private final java.util.Map<Long, Lookup>[] lookups;

    public RunState(Program program) {
        this.program = program;
        this.tasks = program.tasks().size();
        this.blocked = new Block[tasks];
        this.isBlocked = new boolean[tasks];
        this.waitsFor = new int[tasks][];
        this.done = new boolean[tasks];
        this.interrupt = new Site[tasks];
        this.lookups = perTask(tasks, null);
        this.lastSite = new Site[tasks];
        for (int i = 0; i < tasks; i++) {
            held.add(new ArrayList<>(4));
            ops.add(new ArrayDeque<>(1));
        }
        int slots = program.poolAddr() - program.slotBase();
        this.slotKind = new int[slots];
        this.slotId = new long[slots];
        this.slotData = new DataId[slots];
        this.mapBlock = new long[program.inodes().size()][];
        this.mapGen = new long[program.inodes().size()][];
        for (Program.InodeInfo i : program.inodes()) {
            mapBlock[i.index()] = new long[i.pages()];
            mapGen[i.index()] = new long[i.pages()];
            for (int x = 0; x < i.pages(); x++) mapBlock[i.index()][x] = i.swapBacked() ? -1 : program.firstBlock(i.index()) + x;
        }
    }

    private RunState(RunState o) {
        this.program = o.program;
        this.tasks = o.tasks;
        for (List<Held> h : o.held) held.add(new ArrayList<>(h));
        this.blocked = o.blocked.clone();
        this.isBlocked = o.isBlocked.clone();
        this.waitsFor = o.waitsFor.clone(); // the edge arrays are replaced, never changed
        this.done = o.done.clone();
        this.interrupt = o.interrupt.clone();
        this.lookups = perTask(tasks, o.lookups);
        this.freedAt = o.freedAt.clone(); // rows are replaced when they grow, entries written once
        for (int b = 0; b < freedAt.length; b++) if (freedAt[b] != null) freedAt[b] = freedAt[b].clone();
        for (Deque<OpRun> d : o.ops) {
            Deque<OpRun> c = new ArrayDeque<>(Math.max(1, d.size()));
            for (OpRun r : d) c.add(r.copy());
            ops.add(c);
        }
        this.edgesChanged = o.edgesChanged;
        this.slotKind = o.slotKind.clone();
        this.slotId = o.slotId.clone();
        this.slotData = o.slotData.clone();
        this.mapBlock = new long[o.mapBlock.length][];
        this.mapGen = new long[o.mapGen.length][];
        for (int i = 0; i < mapBlock.length; i++) {
            mapBlock[i] = o.mapBlock[i].clone();
            mapGen[i] = o.mapGen[i].clone();
        }
        this.blockGen = o.blockGen.clone();
        this.step = o.step;
        this.wakes = new java.util.TreeMap<>(o.wakes);
        this.notes = o.notes.clone();
        this.pageNotes = o.pageNotes.clone();
        this.lastSite = o.lastSite.clone();
        this.ctxTask = o.ctxTask;
        this.ctxSite = o.ctxSite;
    }

    /**
     * The delivery whose events follow: its task, and the site of its
     * request; a message with no site (the pool's) keeps the task's latest.
     */
    public void context(int task, Site site) {
        ctxTask = task;
        if (task >= 0 && task < tasks) {
            if (site != null) lastSite[task] = site;
            ctxSite = lastSite[task];
        } else {
            ctxSite = site;
        }
    }

    private void note(long block, int task, java.util.function.Supplier<String> what, Site site) {
        notes = note(notes, block, new Note(step, taskName(task), what, site));
    }

    private void pageNote(long page, int task, java.util.function.Supplier<String> what, Site site) {
        pageNotes = note(pageNotes, page, new Note(step, taskName(task), what, site));
    }

    /** Appends n to table[key] (the oldest dropped past NOTES_PER_BLOCK); rows are replaced, never changed, so copies share them. */
    private static Note[][] note(Note[][] table, long key, Note n) {
        if (key < 0 || key > Integer.MAX_VALUE - 8) return table;
        if (key >= table.length) table = Arrays.copyOf(table, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(key + 1, table.length * 2L)));
        Note[] old = table[(int) key];
        Note[] now;
        if (old == null) {
            now = new Note[] {n};
        } else if (old.length < NOTES_PER_BLOCK) {
            now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = n;
        } else {
            now = Arrays.copyOfRange(old, 1, old.length + 1);
            now[old.length - 1] = n;
        }
        table[(int) key] = now;
        return table;
    }

    private String taskName(int task) { return task >= 0 && task < tasks ? program.name(task) : ""; }

    /** Block b's story so far, oldest first, one line per step. */
    public List<String> story(long block) { return lines(notes, block); }

    /** Page id's story so far (added, looked up, mapped, deleted), oldest first, one line per step. */
    public List<String> pageStory(long page) { return lines(pageNotes, page); }

    private static List<String> lines(Note[][] table, long key) {
        List<String> out = new ArrayList<>();
        if (key >= 0 && key < table.length && table[(int) key] != null) for (Note n : table[(int) key]) out.add(n.line());
        return out;
    }

    /**
     * One map per task keyed by page id, empty or copied from {@code from}.
     * Point lookups only: their iteration order is never read (the
     * fingerprint hashes them order-free).
     */
    private static <V> java.util.Map<Long, V>[] perTask(int tasks, java.util.Map<Long, V>[] from) {
        @SuppressWarnings("unchecked")
        java.util.Map<Long, V>[] out = new java.util.Map[tasks];
        for (int i = 0; i < tasks; i++) out[i] = from == null ? new java.util.HashMap<>() : new java.util.HashMap<>(from[i]);
        return out;
    }

    /** A deep copy for the exhaustive search. */
    public RunState copy() { return new RunState(this); }

    /**
     * What future verdicts depend on, tasks in their renamed order
     * ({@code inv[new] = old}, null for none). Left out: blocked[] (the
     * wait's description, for reports), op begin steps and undone counts
     * (starvation, which dfs does not judge), the delivery count, and the
     * punch snapshots, which {@link #fingerprintSnapshots} adds last.
     */
    public void fingerprint(dev.pagerace.model.Fingerprint f, int[] inv) {
        for (int n = 0; n < tasks; n++) {
            int t = inv == null ? n : inv[n];
            fingerprintTask(f, t);
            int[] w = waitsFor[t];
            if (w == null) {
                f.add(-1);
            } else {
                int[] r = new int[w.length];
                for (int i = 0; i < w.length; i++) r[i] = f.taskName(w[i]);
                Arrays.sort(r);
                f.add(r.length);
                for (int x : r) f.add(x);
            }
        }
        for (int k = 0; k < slotKind.length; k++) f.add(slotKind[k]).id(slotId[k]).data(slotData[k]);
        for (int i = 0; i < mapBlock.length; i++) f.longs(mapBlock[i]).longs(mapGen[i]);
        f.longs(blockGenSnapshot());
    }

    /** One task's part, without its wait-for edges (which name other tasks): also the symmetry sort key. */
    public void fingerprintTask(dev.pagerace.model.Fingerprint f, int t) {
        f.add(isBlocked[t]).add(done[t]).add(held.get(t).size());
        for (Held x : held.get(t)) {
            resource(f, x.resource());
            f.add(x.cls()).add(x.mode()).add(x.spin()).add(x.inode()).add(x.order()).add(x.recursive()).add(x.hidden());
        }
        f.add(interrupt[t] != null);
        f.add(ops.get(t).size());
        for (OpRun r : ops.get(t)) {
            f.add(r.name).add(r.inode).add(r.from).add(r.to);
            for (long word : r.deleted.toLongArray()) f.add(word);
            f.longs(r.genAtBegin);
        }
        // which pages the task looked up while their data was live: ids renamed, hashed order-free
        long sum = 0;
        for (var e : lookups[t].entrySet()) {
            long o = f.open();
            f.id(e.getKey()).add(e.getValue().live());
            sum += f.close(o);
        }
        f.add(lookups[t].size()).add(sum);
    }

    /**
     * The data identities each open punch saw at its start, counted only if
     * still alive somewhere in the state: an id met nowhere else can never
     * be seen again, so it cannot make punch_residue fire.
     */
    public void fingerprintSnapshots(dev.pagerace.model.Fingerprint f, int[] inv) {
        for (int n = 0; n < tasks; n++) {
            int t = inv == null ? n : inv[n];
            for (OpRun r : ops.get(t)) {
                long sum = 0;
                for (DataId d : r.snapshot) {
                    if (d.kind() != DataId.Kind.BLOCK && !f.known(d.a())) continue;
                    long o = f.open();
                    f.data(d);
                    sum += f.close(o);
                }
                f.add(sum);
            }
        }
    }

    /** A page lock's name carries its page id ({@code page#7@shm[1]}): rename the id. */
    private static void resource(dev.pagerace.model.Fingerprint f, String r) {
        int at = r.indexOf('@');
        if (r.startsWith("page#") && at > 5) {
            f.add(r.substring(at)).id(Long.parseLong(r, 5, at, 10));
        } else {
            f.add(r);
        }
    }

    public void apply(Event e) {
        if (e instanceof Event.Writeback w && w.data() != null && w.data().kind() == DataId.Kind.BLOCK) {
            note(w.data().a(), w.task(), () -> "writeback of page#" + w.page() + " to " + w.data(), w.site());
        } else if (e instanceof Event.ReadData r && r.data() != null && r.data().kind() == DataId.Kind.BLOCK) {
            note(r.data().a(), r.task(), () -> "read of page#" + r.page() + " returns " + r.data(), r.site());
        }
        ended = null;
        endedTask = -1;
        if (e instanceof Event.Acquired a) {
            held.get(a.task()).add(new Held(a.resource(), a.cls(), a.mode(), a.site(), isSpin(a.resource()), a.inode(), a.order(), a.recursive(), a.hidden(), step));
        } else if (e instanceof Event.Released r) {
            List<Held> h = held.get(r.task());
            for (int i = h.size() - 1; i >= 0; i--) {
                if (h.get(i).resource().equals(r.resource()) && h.get(i).mode() == r.mode()) {
                    h.remove(i);
                    break;
                }
            }
        } else if (e instanceof Event.Blocked b) {
            blocked[b.task()] = new Block(b.resource(), clsOf(b.resource()), b.mode() == null ? "" : b.mode().label(), b.site(), b.why(), step);
            isBlocked[b.task()] = true;
            waitsFor[b.task()] = b.waitsFor();
            for (OpRun op : ops.get(b.task())) {
                op.log(new Note(step, program.name(b.task()), () -> "blocks on " + b.resource() + (b.mode() == null ? "" : "{" + b.mode().label() + "}")
                    + ": " + b.why(), b.site()));
            }
            edgesChanged = true;
        } else if (e instanceof Event.WaitEdges w) {
            Block old = blocked[w.task()];
            if (old != null) blocked[w.task()] = new Block(old.resource(), old.cls(), old.mode(), old.site(), w.why(), old.step());
            waitsFor[w.task()] = w.waitsFor();
            edgesChanged = true;
        } else if (e instanceof Event.Unblocked u) {
            if (blocked[u.task()] != null) {
                for (OpRun op : ops.get(u.task())) {
                    Block was = blocked[u.task()];
                    op.log(new Note(step, taskName(ctxTask), () -> "lets " + program.name(u.task())
                        + " go on (it waited on " + was.resource() + " since step " + was.step() + ")", null));
                }
            }
            blocked[u.task()] = null;
            isBlocked[u.task()] = false;
            waitsFor[u.task()] = null;
        } else if (e instanceof Event.Wake w) {
            wakes.put(w.queue(), new WakeNote(step, w.task(), w.site() == null ? "" : w.site().where(), w.woken()));
        } else if (e instanceof Event.TaskDone d) {
            done[d.task()] = true;
        } else if (e instanceof Event.InterruptContext c) {
            interrupt[c.task()] = c.on() ? c.site() : null;
        } else if (e instanceof Event.SlotState s) {
            int k = s.slot() - program.slotBase();
            if (s.kind() == 1 && s.added()) {
                pageNote(s.id(), s.byTask(), () -> "page#" + s.id() + " added to " + program.name(s.slot()) + (s.data() == null ? "" : " holding " + s.data()), ctxSite);
            } else if (!s.added() && slotKind[k] == 1) {
                long id = slotId[k];
                pageNote(id, s.byTask(), () -> "page#" + id + " leaves " + program.name(s.slot()), ctxSite);
            }
            if (s.added() && s.kind() == 1 && s.data() != null && s.data().kind() == DataId.Kind.BLOCK) {
                note(s.data().a(), s.byTask(), () -> "page#" + s.id() + " added to " + program.name(s.slot()) + " holding " + s.data(), ctxSite);
            }
            slotKind[k] = s.kind();
            slotId[k] = s.id();
            slotData[k] = s.data();
            if (s.added()) {
                for (int t = 0; t < tasks; t++) {
                    if (t == s.byTask()) continue;
                    for (OpRun op : ops.get(t)) {
                        if (op.deleted.get(k)) {
                            op.undone++;
                            int undo = op.undone;
                            op.log(new Note(step, taskName(s.byTask()), () -> "refills " + program.name(s.slot())
                                + " (page#" + s.id() + ") after this op emptied it: undo #" + undo, ctxSite));
                        }
                    }
                }
            }
        } else if (e instanceof Event.Deleted d) {
            pageNote(d.page(), d.task(), () -> "deletes page#" + d.page() + " from " + program.name(d.slot())
                + (d.ptes() > 0 ? " with " + d.ptes() + " PTE" + (d.ptes() == 1 ? "" : "s") + " still mapping it" : ""), d.site());
            for (OpRun op : ops.get(d.task())) {
                op.deleted.set(d.slot() - program.slotBase());
                op.log(new Note(step, program.name(d.task()), () -> "removes page#" + d.page() + " from " + program.name(d.slot()), d.site()));
            }
        } else if (e instanceof Event.BlockLookup l) {
            note(l.block(), l.task(), () -> "get_block " + program.inodes().get(l.inode()).name() + "[" + l.index() + "] -> block(" + l.block() + ","
                + l.gen() + "): the block map is read", l.site());
        } else if (e instanceof Event.BlockMap m) {
            long was = mapBlock[m.inode()][m.index()];
            java.util.function.Supplier<String> at = () -> program.inodes().get(m.inode()).name() + "[" + m.index() + "]";
            if (m.block() < 0) note(was, ctxTask, () -> at.get() + " no longer maps block " + was + " (blocks freed)", ctxSite);
            else note(m.block(), ctxTask, () -> at.get() + " now maps block(" + m.block() + "," + m.gen() + ") (blocks allocated)", ctxSite);
            mapBlock[m.inode()][m.index()] = m.block();
            mapGen[m.inode()][m.index()] = m.gen();
        } else if (e instanceof Event.BlockFreed f) {
            ensure(f.block());
            int b = (int) f.block();
            blockGen[b] = f.gen();
            note(b, ctxTask, () -> "block " + b + " back in the pool: generation " + (f.gen() - 1) + " ends", ctxSite);
            long[] at = freedAt[b] == null ? new long[4] : freedAt[b];
            if (f.gen() > at.length) at = Arrays.copyOf(at, (int) Math.max(f.gen(), at.length * 2L));
            at[(int) f.gen() - 1] = step;
            freedAt[b] = at;
        } else if (e instanceof Event.Lookup l) {
            pageNote(l.page(), l.task(), () -> "finds page#" + l.page() + " in " + program.name(l.slot()), ctxSite);
            DataId d = l.data();
            lookups[l.task()].put(l.page(), new Lookup(step, d == null || d.kind() != DataId.Kind.BLOCK || d.b() >= blockGen(d.a())));
        } else if (e instanceof Event.Mapped m) {
            pageNote(m.page(), m.task(), () -> "maps page#" + m.page() + (m.inCache() ? "" : ", which is no longer in " + program.name(m.slot())), m.site());
        } else if (e instanceof Event.OpBegin o) {
            OpRun run = new OpRun(o.op(), step, o.site(), o.inode(), o.from(), o.to(),
                o.inode() < 0 ? Set.of() : snapshot(o.inode(), o.from(), o.to()), blockGenSnapshot());
            run.log(new Note(step, program.name(o.task()), () -> "op " + o.op() + " begins", o.site()));
            ops.get(o.task()).push(run);
        } else if (e instanceof Event.OpEnd o) {
            Deque<OpRun> d = ops.get(o.task());
            for (var it = d.iterator(); it.hasNext(); ) {
                OpRun r = it.next();
                if (r.name.equals(o.op())) {
                    it.remove();
                    ended = r;
                    endedTask = o.task();
                    break;
                }
            }
        }
    }

    long step;

    /** The delivery count, set by the run before each delivery's events. */
    public void step(long s) { step = s; }

    public long step() { return step; }

    /** Data identities (pages and swap entries) in inode's slots from..to. */
    Set<DataId> snapshot(int inode, long from, long to) {
        Set<DataId> out = new HashSet<>();
        Program.InodeInfo info = program.inodes().get(inode);
        for (long i = from; i < to; i++) {
            int k = info.slotAddr(i) - program.slotBase();
            if (slotKind[k] != 0) out.add(slotData[k]);
        }
        return out;
    }

    public long blockGen(long block) { return block < blockGen.length ? blockGen[(int) block] : 0; }

    private void ensure(long b) {
        if (b >= blockGen.length) {
            blockGen = Arrays.copyOf(blockGen, (int) Math.max(b + 1, blockGen.length * 2L));
            freedAt = Arrays.copyOf(freedAt, blockGen.length);
        }
    }

    /** The step at which block(b, gen) was freed, or -1 while it is live. */
    public long freedAt(long b, long gen) {
        if (gen >= blockGen(b)) return -1;
        long[] f = freedAt[(int) b];
        return f == null || gen >= f.length ? -1 : f[(int) gen];
    }

    /**
     * Where a read by {@code task} of {@code page} begins, for the
     * linearizable data oracles: the start of the task's outermost open op,
     * or else its latest lookup of that page, or else {@code fallback}.
     */
    /**
     * Whether a read by {@code task} of {@code page} returning {@code block(b,g)}
     * returns data that was file contents at some instant of the read: when
     * the task's outermost open op began, or at its latest lookup of the page,
     * or now.
     */
    public boolean readLegal(int task, long page, long b, long g) {
        if (g >= blockGen(b)) return true;
        Lookup l = lookups[task].get(page);
        if (l != null && l.live()) return true;
        for (OpRun op : ops.get(task)) if (b < op.genAtBegin.length ? op.genAtBegin[(int) b] <= g : g >= 0) return true;
        return false;
    }

    private long[] blockGenSnapshot() {
        int n = blockGen.length;
        while (n > 0 && blockGen[n - 1] == 0) n--;
        return Arrays.copyOf(blockGen, n);
    }

    public long readBegin(int task, long page, long fallback) {
        long begin = fallback;
        Lookup l = lookups[task].get(page);
        if (l != null) begin = Math.min(begin, l.step());
        for (OpRun op : ops.get(task)) begin = Math.min(begin, op.begin);
        return begin;
    }

    public boolean allDone() {
        for (boolean d : done) if (!d) return false;
        return true;
    }

    public List<Held> held(int task) { return held.get(task); }

    public Block blocked(int task) { return blocked[task]; }

    public boolean done(int task) { return done[task]; }

    /** Where the task entered interrupt context, or null when it is not in it. */
    public Site interrupt(int task) { return interrupt[task]; }

    /** Whether the task is blocked right now (on a lock, a page lock or a wait queue). */
    public boolean blockedNow(int task) { return isBlocked[task]; }

    public Deque<OpRun> ops(int task) { return ops.get(task); }

    private boolean isSpin(String resource) {
        Program.LockInfo l = program.lockNamed(resource);
        return l != null && l.kind() == LockKind.SPINLOCK;
    }

    private boolean isLock(String resource) { return program.lockNamed(resource) != null; }

    String clsOf(String resource) {
        if (resource.startsWith("page#")) return "page_lock";
        Program.LockInfo l = program.lockNamed(resource);
        return l != null ? l.cls() : resource;
    }

    // ---- rendering helpers shared by the oracles -------------------------------------------------

    Violation.Holding holding(int t, Held x) {
        return new Violation.Holding(program.name(t), x.resource(), x.cls(), x.mode().label(), x.site().where(), x.site().stack("    "),
            x.step(), program.kernelClass(x.cls()), t);
    }

    List<Violation.Holding> holdings(int t) {
        List<Violation.Holding> out = new ArrayList<>();
        for (Held x : held.get(t)) out.add(holding(t, x));
        return out;
    }

    Violation.Waiting waiting(int t) {
        Block b = blocked[t];
        if (b == null) {
            return new Violation.Waiting(program.name(t), "(nothing)", "", "", "", "", "not blocked, but no message for it is pending", List.of(), holdings(t),
                -1, "", t);
        }
        List<Violation.Holding> holders = new ArrayList<>();
        for (int h = 0; h < tasks; h++) {
            for (Held x : held.get(h)) if (x.resource().equals(b.resource())) holders.add(holding(h, x));
        }
        boolean lock = !b.cls().equals(b.resource()) || isLock(b.resource());
        String why = b.why();
        WakeNote wake = lock ? null : wakes.get(b.resource());
        if (!lock) {
            // a sleeper nobody woke: name the wake it missed (a wake_all before it queued finds nobody waiting)
            why += wake == null ? "; nobody has run wake_all " + b.resource() + " in this run"
                : "; the last wake_all " + b.resource() + " was at step " + wake.step() + " by " + program.name(wake.task())
                    + (wake.where().isEmpty() ? "" : " at " + wake.where())
                    + (wake.step() < b.step() ? ", before this task queued at step " + b.step() + (wake.woken() == 0 ? ", and found nobody waiting" : "")
                        : ", after this task queued at step " + b.step());
        }
        return new Violation.Waiting(program.name(t), b.resource(), b.cls(), b.mode(), b.site().where(), b.site().stack("    "), why, holders, holdings(t),
            b.step(), lock ? program.kernelClass(b.cls()) : b.cls(), t);
    }

    /**
     * Who keeps the lock a blocked task waits for, for starvation reports:
     * each holder with the step it took the lock; empty when the task is not
     * blocked on a lock.
     */
    List<String> keepers(int t) {
        Block b = blocked[t];
        List<String> out = new ArrayList<>();
        if (b == null) return out;
        for (int h = 0; h < tasks; h++) {
            for (Held x : held.get(h)) {
                if (x.resource().equals(b.resource())) {
                    out.add(program.name(h) + " holds " + x.resource() + "{" + x.mode().label() + "} since step " + x.step() + ", taken at: " + x.site().where());
                }
            }
        }
        return out;
    }

    /** What a task is doing, in a few words, for starvation reports. */
    String doing(int t) {
        Block b = blocked[t];
        if (b != null) return "blocked on " + b.resource() + (b.mode().isEmpty() ? "" : " (" + b.mode() + ")") + " at " + b.site().where() + ": " + b.why();
        return "running";
    }
}
