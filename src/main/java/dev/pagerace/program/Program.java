package dev.pagerace.program;

import java.util.List;
import java.util.Map;

/**
 * One variant of a scenario, compiled: every object of a run has a fixed
 * address (tasks first, then locks, wait queues, inodes, page slots, the
 * block pool, and the LRU list when the program uses it), so handles mean the
 * same thing in every actor and every run.
 */
public final class Program {
    /**
     * The deepest bug a scenario may declare ({@code expect ... depth D}) and
     * pct may search for: past it, pct's bound 1/(n k^(d-1)) is too small to
     * mean anything.
     */
    public static final int MAX_BUG_DEPTH = 10;

    /**
     * The sampling strategies, as {@code --strategy} and an expect line's
     * {@code by} name them (the engine's StrategySpec reads this list).
     */
    public static final List<String> STRATEGIES = List.of("random", "pct", "fair");

    /**
     * {@code ino} is the inode number (i_ino), which xfs_lock_two_inodes()
     * orders by; {@code index} is declaration order, which stands for the
     * address_space's address that filemap_invalidate_lock_two() orders by.
     * {@code statics} (locks, wait queues, {@code pages}, by attribute name)
     * is for lookups only: its order is never seen.
     */
    public record InodeInfo(int index, int addr, String name, int pages, boolean swapBacked, long ino,
                            List<String> fields, List<Value> fieldInit, Map<String, Value> statics, int slotBase) {
        public boolean hasField(String f) { return fields.contains(f); }
        public int slotAddr(long idx) { return slotBase + (int) idx; }
    }

    /**
     * {@code cls} is the lock class for lock-order analysis: the name without
     * its inode. {@code untracked}: lockdep cannot see it (declared
     * {@code untracked}, like a gfs2 glock); pagerace tracks it all the same.
     */
    public record LockInfo(int addr, String name, String cls, LockKind kind, int inode, boolean untracked) {}

    public record WaitqInfo(int addr, String name, int inode) {}

    /** One task instance: {@code faulter-0}, {@code faulter-1}, ... or just {@code puncher}. */
    public record TaskInfo(int addr, String name, String group, PathCode body) {}

    private final String scenario;
    private final String title;
    private final String variant;
    private final ScenarioConfig config;
    private final List<TaskInfo> tasks;
    private final List<LockInfo> locks;
    private final List<WaitqInfo> waitqs;
    private final List<InodeInfo> inodes;
    private final Map<String, PathCode> paths;
    private final int slotCount;
    private final String[] names;
    /** Lockdep class names declared with {@code lock NAME KIND class "..."}, by scenario class. */
    private final Map<String, String> kernelClasses;
    /**
     * Whether the program has an LRU operation (lru_isolate, lru_putback):
     * only then is there an LRU object, and do pages entering and leaving the
     * cache take the delivery that puts them on it or off it. A program
     * without one keeps the delivery counts it had before the LRU existed.
     */
    private final boolean usesLru;
    /** Locks by name, for the oracles' per-event lookups (read only: its order is never seen). */
    private final Map<String, LockInfo> locksByName = new java.util.HashMap<>();

    public Program(String scenario, String title, String variant, ScenarioConfig config,
                   List<TaskInfo> tasks, List<LockInfo> locks, List<WaitqInfo> waitqs,
                   List<InodeInfo> inodes, Map<String, PathCode> paths, int slotCount, Map<String, String> kernelClasses,
                   boolean usesLru) {
        this.usesLru = usesLru;
        this.kernelClasses = Map.copyOf(kernelClasses);
        this.scenario = scenario;
        this.title = title;
        this.variant = variant;
        this.config = config;
        this.tasks = List.copyOf(tasks);
        this.locks = List.copyOf(locks);
        this.waitqs = List.copyOf(waitqs);
        this.inodes = List.copyOf(inodes);
        this.paths = paths;
        this.slotCount = slotCount;
        this.names = new String[objectCount()];
        for (TaskInfo t : tasks) names[t.addr()] = t.name();
        for (LockInfo l : locks) {
            names[l.addr()] = l.name();
            locksByName.put(l.name(), l);
        }
        for (WaitqInfo w : waitqs) names[w.addr()] = w.name();
        for (InodeInfo i : inodes) {
            names[i.addr()] = i.name();
            for (int p = 0; p < i.pages(); p++) names[i.slotBase() + p] = i.name() + "[" + p + "]";
        }
        names[poolAddr()] = "blocks";
        if (usesLru) names[lruAddr()] = "lru";
    }

    /** This program with another config (a bounded copy for tests and tools); everything else is shared. */
    public Program withConfig(ScenarioConfig c) {
        return new Program(scenario, title, variant, c, tasks, locks, waitqs, inodes, paths, slotCount, kernelClasses, usesLru);
    }

    public String scenario() { return scenario; }

    /** The name lockdep prints for a lock class of this program ({@link KernelClass}). */
    public String kernelClass(String cls) { return KernelClass.of(cls, kernelClasses); }

    public String title() { return title; }
    public String variant() { return variant; }
    public ScenarioConfig config() { return config; }
    public List<TaskInfo> tasks() { return tasks; }
    public List<LockInfo> locks() { return locks; }
    public List<WaitqInfo> waitqs() { return waitqs; }
    public List<InodeInfo> inodes() { return inodes; }
    public Map<String, PathCode> paths() { return paths; }
    public PathCode reclaim() { return paths.get("reclaim"); }

    public int lockBase() { return tasks.size(); }
    public int waitqBase() { return lockBase() + locks.size(); }
    public int inodeBase() { return waitqBase() + waitqs.size(); }
    public int slotBase() { return inodeBase() + inodes.size(); }
    public int poolAddr() { return slotBase() + slotCount; }
    /** The LRU list's address, or -1 when the program has no LRU operation. */
    public int lruAddr() { return usesLru ? poolAddr() + 1 : -1; }
    public boolean usesLru() { return usesLru; }
    public int objectCount() { return poolAddr() + (usesLru ? 2 : 1); }

    public boolean isTask(int addr) { return addr < tasks.size(); }

    public String name(int addr) { return names[addr]; }

    public LockInfo lock(int addr) { return locks.get(addr - lockBase()); }

    /** The lock declared with this name, or null (a page lock, fs_reclaim, a wait queue). */
    public LockInfo lockNamed(String name) { return locksByName.get(name); }

    /** The inode a slot belongs to, and its index there. */
    public InodeInfo inodeOfSlot(int slotAddr) {
        for (InodeInfo i : inodes) {
            if (slotAddr >= i.slotBase() && slotAddr < i.slotBase() + i.pages()) return i;
        }
        throw new IllegalArgumentException("not a slot: " + slotAddr);
    }

    /** The block of page 0 of a disk-backed inode at the start of a run: disk inodes own consecutive blocks. */
    public long firstBlock(int inode) {
        long b = 0;
        for (InodeInfo i : inodes) {
            if (i.index() == inode) return b;
            if (!i.swapBacked()) b += i.pages();
        }
        throw new IllegalArgumentException("no inode " + inode);
    }

    /** Blocks owned by disk-backed inodes at the start of a run. */
    public long initialBlocks() {
        long b = 0;
        for (InodeInfo i : inodes) if (!i.swapBacked()) b += i.pages();
        return b;
    }

    /** Locks, wait queues and {@code pages} of an inode: known without asking its actor. */
    public Value staticAttr(int inode, String attr) {
        return inodes.get(inode).statics().get(attr);
    }

    @Override public String toString() { return scenario + "/" + variant; }
}
