package dev.pagerace.lang;

import dev.pagerace.lang.Ast.*;
import dev.pagerace.program.Ex;
import dev.pagerace.program.Insn;
import dev.pagerace.program.LockKind;
import dev.pagerace.program.PathCode;
import dev.pagerace.program.Program;
import dev.pagerace.program.ScenarioConfig;
import dev.pagerace.program.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves a loaded scenario into one {@link Program} per variant: applies the
 * variant's overrides, assigns addresses, resolves names and checks everything
 * that can be checked before running (unknown names, arity, lock kinds, ranges,
 * a missing {@code reclaim} path...). All errors are collected and reported
 * together as {@code file:line:col: message}.
 */
public final class Compiler {
    /** Kinds an {@code expect} line may name (SPEC §4). */
    public static final List<String> EXPECT_KINDS = List.of("clean", "deadlock", "starvation", "stale_data",
        "data_exposure", "orphan_mapping", "punch_residue", "lock_order", "sleep_in_atomic", "lock_leak", "assert");

    static final Map<String, Integer> BUILTINS = Map.of("rand", 2, "min", 2, "max", 2, "is_page", 1, "is_swap", 1,
        "may_enter_fs", 0);

    /** Page attributes readable with {@code p.NAME}. */
    public static final Set<String> PAGE_ATTRS = Set.of("uptodate", "dirty", "locked", "mapcount", "mapping", "index", "id", "data");

    /** Locks every inode has (SPEC §2), with their default kinds. */
    static final Map<String, LockKind> INODE_LOCKS = new LinkedHashMap<>();
    static {
        INODE_LOCKS.put("i_rwsem", LockKind.RWSEM);
        INODE_LOCKS.put("invalidate_lock", LockKind.RWSEM);
        INODE_LOCKS.put("i_lock", LockKind.SPINLOCK);
    }

    /**
     * Size limits of one variant. The actor engine spawns an actor per task,
     * lock, wait queue, inode and page slot of every run, and the pure engine
     * a core object per each, so these bound one run's memory and the cost of
     * each delivery (the pending set holds about one message per task). The
     * catalog's largest variant has 4 inodes, 16 pages and 8 tasks: every
     * limit is well over an order of magnitude above what a kernel protocol
     * needs. Tasks cost the most: a release of a lock with W waiters refreshes
     * W wait-for edge lists of up to W tasks each (LockState.handOver()).
     * docs/limits.md lists them with the error each gives.
     */
    public static final int MAX_INODES = 64;
    /** Page slots over all inodes of a variant (each inode has at most 4096, see the parser). */
    public static final int MAX_PAGE_SLOTS = 16_384;
    /** Task instances over all task declarations of a variant (each declaration has at most 256). */
    public static final int MAX_TASKS = 512;
    /** Every object of one run: tasks, locks, wait queues, inodes, page slots and the block pool. */
    public static final int MAX_OBJECTS = 32_768;

    private final Scenario scenario;
    private final Map<String, Long> taskCounts;
    private final List<Diagnostic> diags = new ArrayList<>();

    private Compiler(Scenario scenario, Map<String, Long> taskCounts) {
        this.scenario = scenario;
        this.taskCounts = taskCounts;
    }

    /** Compiles every variant; throws with every error found in any of them. */
    public static Map<String, Program> compileAll(Scenario s) throws ScenarioException {
        return compileAll(s, Map.of());
    }

    /**
     * Compiles every variant with some tasks' instance counts replaced
     * ({@code faulter -> 8}): how latency sweeps vary the load.
     */
    public static Map<String, Program> compileAll(Scenario s, Map<String, Long> taskCounts) throws ScenarioException {
        Compiler c = new Compiler(s, taskCounts);
        Map<String, Program> out = new LinkedHashMap<>();
        c.checkVariantsAndExpects();
        for (String v : s.variantNames()) {
            Program p = c.compileVariant(v);
            if (p != null) out.put(v, p);
        }
        if (!c.diags.isEmpty()) {
            List<Diagnostic> unique = new ArrayList<>(new LinkedHashSet<>(c.diags));
            throw new ScenarioException(unique);
        }
        return out;
    }

    public static Program compile(Scenario s, String variant) throws ScenarioException {
        Map<String, Program> all = compileAll(s);
        Program p = all.get(variant);
        if (p == null) {
            throw new ScenarioException(new Pos(s.main(), 1, 1), "unknown variant '" + variant + "' (variants: "
                + String.join(", ", s.variantNames()) + ")");
        }
        return p;
    }

    private void checkVariantsAndExpects() {
        Map<String, Pos> seen = new TreeMap<>();
        for (VariantDecl v : scenario.variants()) {
            Pos first = seen.putIfAbsent(v.name(), v.pos());
            if (first != null) err(v.pos(), "variant '" + v.name() + "' defined twice (first at " + first.where() + ")");
        }
        for (ExpectDecl e : scenario.expects()) {
            if (!scenario.variantNames().contains(e.variant())) {
                err(e.pos(), "expect names unknown variant '" + e.variant() + "' (variants: " + String.join(", ", scenario.variantNames()) + ")");
            }
            if (!EXPECT_KINDS.contains(e.kind())) {
                err(e.kindPos(), "unknown expected result '" + e.kind() + "' (" + String.join(", ", EXPECT_KINDS) + ")");
            }
        }
    }

    // ---- one variant ------------------------------------------------------------------------

    private Program compileVariant(String variant) {
        int before = diags.size();
        List<Item> items = merge(variant);
        if (diags.size() > before) return null;

        ScenarioConfig config = ScenarioConfig.DEFAULTS;
        List<InodeDecl> inodeDecls = new ArrayList<>();
        List<FieldDecl> fieldDecls = new ArrayList<>();
        List<LockDecl> lockDecls = new ArrayList<>();
        List<WaitqDecl> waitqDecls = new ArrayList<>();
        Map<String, PathDecl> pathDecls = new TreeMap<>();
        List<TaskDecl> taskDecls = new ArrayList<>();
        for (Item it : items) {
            if (it instanceof ConfigItem c) config = config(config, c);
            else if (it instanceof InodeDecl d) inodeDecls.add(d);
            else if (it instanceof FieldDecl d) fieldDecls.add(d);
            else if (it instanceof LockDecl d) lockDecls.add(d);
            else if (it instanceof WaitqDecl d) waitqDecls.add(d);
            else if (it instanceof PathDecl d) pathDecls.put(d.name(), d);
            else if (it instanceof TaskDecl d) taskDecls.add(taskCounts.containsKey(d.name())
                ? new TaskDecl(d.pos(), d.name(), taskCounts.get(d.name()), d.body()) : d);
        }
        for (String t : taskCounts.keySet()) {
            if (taskDecls.stream().noneMatch(d -> d.name().equals(t))) {
                err(new Pos(scenario.main(), 1, 1), "no task '" + t + "' to set the count of" + (variant.equals(Scenario.DEFAULT_VARIANT) ? "" : " in variant '" + variant + "'"));
                return null;
            }
        }
        if (taskDecls.isEmpty()) {
            err(new Pos(scenario.main(), 1, 1), "scenario has no tasks" + (variant.equals(Scenario.DEFAULT_VARIANT) ? "" : " in variant '" + variant + "'"));
            return null;
        }

        // Addresses: tasks, locks, wait queues, inodes, slots, pool.
        List<Program.TaskInfo> tasks = new ArrayList<>();
        long taskSum = 0;
        for (TaskDecl t : taskDecls) {
            taskSum += t.count();
            if (taskSum > MAX_TASKS) {
                err(t.pos(), "too many tasks: with '" + t.name() + "' this variant has " + taskSum + " task instances, more than the limit of "
                    + MAX_TASKS + " (each is an actor of every run)" + inVariant(variant));
                return null;
            }
        }
        int taskCount = (int) taskSum;
        Map<String, InodeDecl> inodeByName = new LinkedHashMap<>();
        for (InodeDecl d : inodeDecls) inodeByName.put(d.name(), d);
        long slotSum = 0;
        int inodeIndex = 0;
        for (InodeDecl d : inodeByName.values()) {
            if (++inodeIndex > MAX_INODES) {
                err(d.pos(), "too many inodes: '" + d.name() + "' is inode " + inodeIndex + ", more than the limit of " + MAX_INODES + inVariant(variant));
                return null;
            }
            slotSum += d.pages();
            if (slotSum > MAX_PAGE_SLOTS) {
                err(d.pos(), "too many page slots: with '" + d.name() + "' this variant has " + slotSum + " pages, more than the limit of "
                    + MAX_PAGE_SLOTS + " over all inodes (each slot is an actor of every run)" + inVariant(variant));
                return null;
            }
        }

        // Locks and wait queues, per inode then global.
        record LockSpec(String name, String cls, LockKind kind, int inode, boolean untracked) {}
        List<LockSpec> lockSpecs = new ArrayList<>();
        List<String[]> waitqSpecs = new ArrayList<>(); // {name, inodeIndex}
        List<String> inodeNames = new ArrayList<>(inodeByName.keySet());
        for (int i = 0; i < inodeNames.size(); i++) {
            String ino = inodeNames.get(i);
            Map<String, LockKind> kinds = new LinkedHashMap<>(INODE_LOCKS);
            Set<String> untracked = new LinkedHashSet<>();
            for (LockDecl l : lockDecls) {
                if (ino.equals(l.inode())) {
                    kinds.put(l.name(), LockKind.parse(l.kind()));
                    if (l.untracked()) untracked.add(l.name());
                }
            }
            for (var e : kinds.entrySet()) {
                lockSpecs.add(new LockSpec(ino + "." + e.getKey(), e.getKey(), e.getValue(), i, untracked.contains(e.getKey())));
            }
            for (WaitqDecl w : waitqDecls) {
                if (ino.equals(w.inode())) {
                    if (kinds.containsKey(w.name())) err(w.pos(), "'" + ino + "." + w.name() + "' is already a lock");
                    waitqSpecs.add(new String[] {ino + "." + w.name(), Integer.toString(i)});
                }
            }
        }
        Set<String> globalNames = new LinkedHashSet<>();
        for (LockDecl l : lockDecls) {
            if (l.inode() == null) {
                if (inodeByName.containsKey(l.name())) err(l.pos(), "'" + l.name() + "' already names an inode");
                globalNames.add(l.name());
                lockSpecs.add(new LockSpec(l.name(), l.name(), LockKind.parse(l.kind()), -1, l.untracked()));
            } else if (!inodeByName.containsKey(l.inode())) {
                err(l.pos(), "unknown inode '" + l.inode() + "'" + inodeHint(inodeByName));
            }
        }
        for (WaitqDecl w : waitqDecls) {
            if (w.inode() == null) {
                if (inodeByName.containsKey(w.name()) || globalNames.contains(w.name())) err(w.pos(), "'" + w.name() + "' is already defined");
                waitqSpecs.add(new String[] {w.name(), "-1"});
            } else if (!inodeByName.containsKey(w.inode())) {
                err(w.pos(), "unknown inode '" + w.inode() + "'" + inodeHint(inodeByName));
            }
        }
        int lockBase = taskCount;
        int waitqBase = lockBase + lockSpecs.size();
        int inodeBase = waitqBase + waitqSpecs.size();
        int slotBase = inodeBase + inodeNames.size();
        if (slotBase + slotSum + 1 > MAX_OBJECTS) {
            err(new Pos(scenario.main(), 1, 1), "too many objects: " + (slotBase + slotSum + 1) + " tasks, locks, wait queues, inodes and page slots, more than the limit of "
                + MAX_OBJECTS + " (each is an actor of every run)" + inVariant(variant));
            return null;
        }

        List<Program.LockInfo> locks = new ArrayList<>();
        for (int i = 0; i < lockSpecs.size(); i++) {
            LockSpec s = lockSpecs.get(i);
            locks.add(new Program.LockInfo(lockBase + i, s.name(), s.cls(), s.kind(), s.inode(), s.untracked()));
        }
        kindByName.clear();
        for (Program.LockInfo l : locks) kindByName.put(l.name(), l.kind());
        List<Program.WaitqInfo> waitqs = new ArrayList<>();
        for (int i = 0; i < waitqSpecs.size(); i++) {
            waitqs.add(new Program.WaitqInfo(waitqBase + i, waitqSpecs.get(i)[0], Integer.parseInt(waitqSpecs.get(i)[1])));
        }

        // Inodes with their fields and static attributes.
        Map<String, Ex> globals = new LinkedHashMap<>();
        List<Program.InodeInfo> inodes = new ArrayList<>();
        int nextSlot = slotBase;
        for (int i = 0; i < inodeNames.size(); i++) {
            InodeDecl d = inodeByName.get(inodeNames.get(i));
            // looked up by name on every evaluation of ino.lock, never iterated: a hash map
            Map<String, Value> statics = new java.util.HashMap<>();
            for (Program.LockInfo l : locks) if (l.inode() == i) statics.put(l.cls(), new Value.LockRef(l.addr(), l.name()));
            for (Program.WaitqInfo w : waitqs) {
                if (w.inode() == i) statics.put(w.name().substring(w.name().indexOf('.') + 1), new Value.WaitqRef(w.addr(), w.name()));
            }
            statics.put("pages", Value.Int.of(d.pages()));
            List<String> fields = new ArrayList<>();
            List<Value> init = new ArrayList<>();
            for (FieldDecl f : fieldDecls) {
                if (!f.inode().equals(d.name())) continue;
                if (statics.containsKey(f.name()) || f.name().equals("i_size")) {
                    err(f.pos(), "'" + d.name() + "." + f.name() + "' is already defined as a lock, wait queue or built-in");
                    continue;
                }
                fields.add(f.name());
                init.add(constantInit(f));
            }
            inodes.add(new Program.InodeInfo(i, inodeBase + i, d.name(), (int) d.pages(), d.backing().equals("swap"),
                d.ino() > 0 ? d.ino() : i + 1, fields, init, statics, nextSlot));
            globals.put(d.name(), new Ex.Const(d.pos(), new Value.InodeRef(i, d.name())));
            nextSlot += (int) d.pages();
        }
        for (FieldDecl f : fieldDecls) {
            if (!inodeByName.containsKey(f.inode())) err(f.pos(), "unknown inode '" + f.inode() + "'" + inodeHint(inodeByName));
        }
        for (Program.LockInfo l : locks) if (l.inode() < 0) globals.put(l.name(), new Ex.Const(null, new Value.LockRef(l.addr(), l.name())));
        for (Program.WaitqInfo w : waitqs) if (w.inode() < 0) globals.put(w.name(), new Ex.Const(null, new Value.WaitqRef(w.addr(), w.name())));

        // Code.
        usesLru = false;
        Universe u = new Universe(globals, inodes, pathDecls);
        Map<String, PathCode> paths = new TreeMap<>();
        List<Ex.CallEx> calls = new ArrayList<>();
        for (PathDecl p : pathDecls.values()) {
            List<String> params = new ArrayList<>();
            Set<String> seenParams = new LinkedHashSet<>();
            for (Param prm : p.params()) {
                if (!seenParams.add(prm.name())) err(prm.pos(), "parameter '" + prm.name() + "' appears twice");
                params.add(prm.name());
            }
            paths.put(p.name(), new Body(u, p.name(), p.pos(), params, false, calls).compile(p.body()));
        }
        Set<String> taskNames = new LinkedHashSet<>();
        int addr = 0;
        for (TaskDecl t : taskDecls) {
            if (!taskNames.add(t.name())) err(t.pos(), "task '" + t.name() + "' defined twice");
            PathCode body = new Body(u, t.name(), t.pos(), List.of(), true, calls).compile(t.body());
            for (int i = 0; i < t.count(); i++) {
                String name = t.count() == 1 ? t.name() : t.name() + "-" + i;
                tasks.add(new Program.TaskInfo(addr++, name, t.name(), body));
            }
        }
        for (Ex.CallEx c : calls) c.target = paths.get(c.name);
        int slots = nextSlot - slotBase;
        if (usesLru && slotBase + slotSum + 2 > MAX_OBJECTS) {
            // the LRU is known to exist only once the code is compiled: one object more
            err(new Pos(scenario.main(), 1, 1), "too many objects: " + (slotBase + slotSum + 2) + " tasks, locks, wait queues, inodes, page slots and the LRU, more than the limit of "
                + MAX_OBJECTS + " (each is an actor of every run)" + inVariant(variant));
            return null;
        }
        Map<String, String> kernelClasses = new LinkedHashMap<>();
        for (LockDecl l : lockDecls) if (l.kernelClass() != null) kernelClasses.put(l.name(), l.kernelClass());
        return new Program(scenario.name(), scenario.title(), variant, config, tasks, locks, waitqs, inodes, paths, slots, kernelClasses, usesLru);
    }

    /** Base items with the variant's overrides applied: a redeclaration replaces the item of the same key. */
    private List<Item> merge(String variant) {
        Map<String, Item> byKey = new LinkedHashMap<>();
        // the scenario's own items override what it imports, as a variant's own items override its imports
        for (boolean ownLayer : new boolean[] {false, true}) {
            Map<String, Item> layer = new LinkedHashMap<>();
            for (Item it : scenario.base()) {
                if ((it.pos().source() == scenario.main()) != ownLayer) continue;
                Item first = layer.putIfAbsent(it.key(), it);
                if (first != null) err(it.pos(), describe(it) + " defined twice (first at " + first.pos().where() + ")");
                byKey.put(it.key(), it);
            }
        }
        for (VariantDecl v : scenario.variants()) {
            if (!v.name().equals(variant)) continue;
            // what the variant imports comes first; the variant's own items override it, as they override the base
            for (boolean ownLayer : new boolean[] {false, true}) {
                Map<String, Item> layer = new LinkedHashMap<>();
                for (Item it : v.items()) {
                    if ((it.pos().source() == v.pos().source()) != ownLayer) continue;
                    Item first = layer.putIfAbsent(it.key(), it);
                    if (first != null) err(it.pos(), describe(it) + " defined twice in variant '" + variant + "' (first at " + first.pos().where() + ")");
                    byKey.put(it.key(), it);
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static String describe(Item it) {
        if (it instanceof PathDecl p) return "path '" + p.name() + "'";
        if (it instanceof TaskDecl t) return "task '" + t.name() + "'";
        if (it instanceof InodeDecl i) return "inode '" + i.name() + "'";
        if (it instanceof FieldDecl f) return "field '" + f.inode() + "." + f.name() + "'";
        if (it instanceof LockDecl l) return "'" + (l.inode() == null ? "" : l.inode() + ".") + l.name() + "'";
        if (it instanceof WaitqDecl w) return "'" + (w.inode() == null ? "" : w.inode() + ".") + w.name() + "'";
        if (it instanceof ConfigItem c) return "config key '" + c.name() + "'";
        return it.key();
    }

    private ScenarioConfig config(ScenarioConfig c, ConfigItem it) {
        if (!ScenarioConfig.KEYS.containsKey(it.name())) {
            err(it.pos(), "unknown config key '" + it.name() + "' (" + String.join(", ", ScenarioConfig.KEYS.keySet()) + ")");
            return c;
        }
        boolean fraction = it.den() != 1;
        if (it.name().equals("reclaim_chance")) {
            if (it.num() > it.den()) {
                err(it.pos(), "reclaim_chance must be a probability a/b with a <= b, not " + it.num() + "/" + it.den());
                return c;
            }
            if (it.den() > Integer.MAX_VALUE) {
                // the reclaim coin is one choice among den values
                err(it.pos(), "reclaim_chance's denominator is at most " + Integer.MAX_VALUE + ", not " + it.den());
                return c;
            }
        } else if (fraction) {
            err(it.pos(), "'" + it.name() + "' takes a whole number");
            return c;
        } else if (it.num() < 1 || (it.name().equals("max_call_depth") && it.num() > 10_000)) {
            err(it.pos(), "'" + it.name() + "' out of range: " + it.num());
            return c;
        }
        return c.with(it.name(), it.num(), it.den());
    }

    private Value constantInit(FieldDecl f) {
        Expr e = f.init();
        if (e instanceof IntLit i) return Value.Int.of(i.value());
        if (e instanceof SymLit s) return new Value.Sym(s.name().intern()); // interned: equal symbols compare by identity first
        if (e instanceof NoneLit) return Value.None.NONE;
        if (e instanceof Unary u && u.op().equals("-") && u.operand() instanceof IntLit i) return Value.Int.of(-i.value());
        err(e.pos(), "a field's initial value must be a number, a SYMBOL or none");
        return Value.Int.of(0);
    }

    private static String inVariant(String variant) {
        return variant.equals(Scenario.DEFAULT_VARIANT) ? "" : " in variant '" + variant + "'";
    }

    private static String inodeHint(Map<String, InodeDecl> inodes) {
        return inodes.isEmpty() ? " (no inode is declared)" : " (inodes: " + String.join(", ", inodes.keySet()) + ")";
    }

    private void err(Pos pos, String msg) {
        diags.add(new Diagnostic(pos, msg));
    }

    // ---- code ---------------------------------------------------------------------------------

    /** What names mean program-wide. */
    private record Universe(Map<String, Ex> globals, List<Program.InodeInfo> inodes, Map<String, PathDecl> paths) {
        boolean anyInodeHas(String attr) {
            if (attr.equals("i_size") || attr.equals("pages")) return true;
            for (Program.InodeInfo i : inodes) if (i.statics().containsKey(attr) || i.hasField(attr)) return true;
            return false;
        }
    }

    /** Signals an error already recorded; compilation continues with the next statement. */
    private static final class Abort extends Exception {
        private static final long serialVersionUID = 1L;
        Abort() { super(null, null, false, false); }
    }

    /** Compiles one path or task body into flat code. */
    private final class Body {
        private final Universe u;
        private final String name;
        private final Pos pos;
        private final boolean isTask;
        private final List<Ex.CallEx> calls;
        private final List<String> locals = new ArrayList<>();
        private final Map<String, Integer> slots = new LinkedHashMap<>();
        private final List<Insn> code = new ArrayList<>();
        private final Deque<Loop> loops = new ArrayDeque<>();
        /** What closes each open op or scope block, innermost first: emitted when break/continue leaves them. */
        private final Deque<Insn> closers = new ArrayDeque<>();
        private final int params;

        private final class Loop {
            final List<Integer> breaks = new ArrayList<>();
            final List<Integer> continues = new ArrayList<>();
            final int openDepth = closers.size();
        }

        Body(Universe u, String name, Pos pos, List<String> params, boolean isTask, List<Ex.CallEx> calls) {
            this.u = u;
            this.name = name;
            this.pos = pos;
            this.isTask = isTask;
            this.calls = calls;
            this.params = params.size();
            for (String p : params) slot(p);
        }

        PathCode compile(List<Stmt> body) {
            collectAssigned(body);
            block(body);
            code.add(new Insn.Ret(pos, null));
            return new PathCode(name, pos, params, List.copyOf(locals), code.toArray(new Insn[0]));
        }

        private int slot(String n) {
            return slots.computeIfAbsent(n, k -> {
                locals.add(k);
                return locals.size() - 1;
            });
        }

        private int hidden(String prefix) {
            String n = "$" + prefix + locals.size();
            return slot(n);
        }

        /** Variables are every name assigned anywhere in the body (plus loop variables). */
        private void collectAssigned(List<Stmt> stmts) {
            for (Stmt s : stmts) {
                if (s instanceof Assign a && a.target() instanceof Name n) {
                    // a local shadows a global of the same name within its path, as in C: library
                    // paths cannot know what a scenario names its inodes
                    slot(n.name());
                } else if (s instanceof For f) {
                    slot(f.var());
                    collectAssigned(f.body());
                } else if (s instanceof If i) {
                    collectAssigned(i.then());
                    collectAssigned(i.otherwise());
                } else if (s instanceof While w) {
                    collectAssigned(w.body());
                } else if (s instanceof Repeat r) {
                    collectAssigned(r.body());
                } else if (s instanceof Choose c) {
                    for (List<Stmt> b : c.branches()) collectAssigned(b);
                } else if (s instanceof OpBlock o) {
                    collectAssigned(o.body());
                } else if (s instanceof ScopeBlock b) {
                    collectAssigned(b.body());
                }
            }
        }

        private void block(List<Stmt> stmts) {
            for (Stmt s : stmts) {
                try {
                    stmt(s);
                } catch (Abort a) {
                    // recorded; go on to find more errors
                }
            }
        }

        private int here() { return code.size(); }

        private void patch(int at, int target) {
            Insn i = code.get(at);
            if (i instanceof Insn.Jump j) code.set(at, new Insn.Jump(j.pos(), target));
            else if (i instanceof Insn.JumpUnless j) code.set(at, new Insn.JumpUnless(j.pos(), j.cond(), target));
            else if (i instanceof Insn.RepeatNext r) code.set(at, new Insn.RepeatNext(r.pos(), r.counter(), target));
            else if (i instanceof Insn.ForTest f) code.set(at, new Insn.ForTest(f.pos(), f.var(), f.end(), target));
            else throw new IllegalStateException(i.toString());
        }

        private void stmt(Stmt s) throws Abort {
            if (s instanceof ExprStmt e) {
                Expr x = e.expr();
                if (!(x instanceof Action) && !(x instanceof Call c && !BUILTINS.containsKey(c.name()))) {
                    throw abort(s.pos(), "this expression does nothing: only path calls and operations can stand alone");
                }
                code.add(new Insn.Eval(s.pos(), expr(x)));
            } else if (s instanceof Assign a) {
                if (a.target() instanceof Name n) {
                    code.add(new Insn.Store(a.pos(), slot(n.name()), expr(a.value())));
                } else {
                    Attr t = (Attr) a.target();
                    code.add(new Insn.Eval(a.pos(), fieldWrite(t, a.value())));
                }
            } else if (s instanceof If i) {
                int jf = here();
                code.add(new Insn.JumpUnless(i.pos(), expr(i.cond()), -1));
                block(i.then());
                if (i.otherwise().isEmpty()) {
                    patch(jf, here());
                } else {
                    int jend = here();
                    code.add(new Insn.Jump(i.pos(), -1));
                    patch(jf, here());
                    block(i.otherwise());
                    patch(jend, here());
                }
            } else if (s instanceof While w) {
                int test = here();
                code.add(new Insn.JumpUnless(w.pos(), expr(w.cond()), -1));
                Loop l = loop(w.body());
                code.add(new Insn.Jump(w.pos(), test));
                finish(l, here(), test);
                patch(test, here());
            } else if (s instanceof For f) {
                Ex from = expr(f.from());
                Ex to = expr(f.to());
                Value cf = from.constant(), ct = to.constant();
                if (cf instanceof Value.Int a && ct instanceof Value.Int b && b.v() < a.v()) {
                    throw abort(f.pos(), "bad range " + a + ".." + b + ": the end is before the start");
                }
                int var = slot(f.var());
                int end = hidden("end");
                code.add(new Insn.ForInit(f.pos(), var, end, from, to));
                int test = here();
                code.add(new Insn.ForTest(f.pos(), var, end, -1));
                Loop l = loop(f.body());
                int step = here();
                code.add(new Insn.ForStep(f.pos(), var, test));
                finish(l, here(), step);
                patch(test, here());
            } else if (s instanceof Repeat r) {
                Ex n = expr(r.count());
                if (n.constant() instanceof Value.Int c && c.v() < 0) throw abort(r.count().pos(), "repeat count must not be negative: " + c);
                int counter = hidden("repeat");
                code.add(new Insn.RepeatInit(r.pos(), counter, n));
                int test = here();
                code.add(new Insn.RepeatNext(r.pos(), counter, -1));
                Loop l = loop(r.body());
                code.add(new Insn.Jump(r.pos(), test));
                finish(l, here(), test);
                patch(test, here());
            } else if (s instanceof Choose c) {
                int at = here();
                code.add(null);
                int[] targets = new int[c.branches().size()];
                List<Integer> ends = new ArrayList<>();
                for (int b = 0; b < targets.length; b++) {
                    targets[b] = here();
                    block(c.branches().get(b));
                    ends.add(here());
                    code.add(new Insn.Jump(c.pos(), -1));
                }
                code.set(at, new Insn.Choose(c.pos(), targets));
                for (int e : ends) patch(e, here());
            } else if (s instanceof OpBlock o) {
                Ex ino = null, range = null;
                if (o.inode() != null) {
                    ino = expr(o.inode());
                    range = new Ex.RangeEx(o.range().pos(), expr(o.range().from()), expr(o.range().to()));
                    Action fake = new Action(o.pos(), "op", List.of(), null, null);
                    checkOperand(fake, 'I', ino, null);
                    checkOperand(fake, 'R', range, ino);
                }
                code.add(new Insn.OpBegin(o.pos(), o.name(), ino, range));
                closers.push(new Insn.OpEnd(o.pos(), o.name()));
                block(o.body());
                code.add(closers.pop());
            } else if (s instanceof ScopeBlock b) {
                code.add(new Insn.Scope(b.pos(), b.kind(), true));
                closers.push(new Insn.Scope(b.pos(), b.kind(), false));
                block(b.body());
                code.add(closers.pop());
            } else if (s instanceof Return r) {
                if (isTask) throw abort(r.pos(), "'return' outside a path (a task body ends at its closing brace)");
                code.add(new Insn.Ret(r.pos(), r.value() == null ? null : expr(r.value())));
            } else if (s instanceof Break || s instanceof Continue) {
                Loop l = loops.peek();
                if (l == null) throw abort(s.pos(), "'" + (s instanceof Break ? "break" : "continue") + "' outside a loop");
                closeOps(l, s.pos());
                (s instanceof Break ? l.breaks : l.continues).add(here());
                code.add(new Insn.Jump(s.pos(), -1));
            } else if (s instanceof Assert a) {
                code.add(new Insn.Assert(a.pos(), expr(a.cond()), a.message()));
            } else {
                throw new IllegalStateException(s.toString());
            }
        }

        private Loop loop(List<Stmt> body) {
            Loop l = new Loop();
            loops.push(l);
            block(body);
            loops.pop();
            return l;
        }

        private void finish(Loop l, int breakTarget, int continueTarget) {
            for (int b : l.breaks) patch(b, breakTarget);
            for (int c : l.continues) patch(c, continueTarget);
        }

        /** Leaving op or scope blocks through break/continue closes them, as falling out of them would. */
        private void closeOps(Loop l, Pos p) {
            int n = closers.size() - l.openDepth;
            var it = closers.iterator();
            for (int i = 0; i < n; i++) code.add(it.next());
        }

        private Ex fieldWrite(Attr t, Expr value) throws Abort {
            Ex target = expr(t.target());
            if (Compiler.PAGE_ATTRS.contains(t.name()) && !u.anyInodeHas(t.name())) {
                throw abort(t.pos(), "page state changes only through operations (set_uptodate, set_dirty, write, ...)");
            }
            if (target.constant() instanceof Value.InodeRef ino) {
                Program.InodeInfo info = u.inodes().get(ino.index());
                if (!info.hasField(t.name()) && !t.name().equals("i_size")) {
                    throw abort(t.pos(), "inode " + ino.name() + " has no field '" + t.name() + "'" + fieldHint(info));
                }
            } else if (target.constant() != null) {
                throw abort(t.pos(), "only inode fields can be assigned");
            } else if (!anyField(t.name())) {
                throw abort(t.pos(), "no inode has a field '" + t.name() + "' (declare it with: field INODE." + t.name() + " = 0)");
            }
            return new Ex.ActionEx(t.pos(), "set_field", new Ex[] {target, expr(value)}, t.name(), null);
        }

        private boolean anyField(String f) {
            if (f.equals("i_size")) return true;
            for (Program.InodeInfo i : u.inodes()) if (i.hasField(f)) return true;
            return false;
        }

        private String fieldHint(Program.InodeInfo info) {
            return info.fields().isEmpty() ? "" : " (fields: " + String.join(", ", info.fields()) + ")";
        }

        Ex expr(Expr e) throws Abort {
            if (e instanceof IntLit i) return new Ex.Const(i.pos(), Value.Int.of(i.value()));
            if (e instanceof SymLit s) return new Ex.Const(s.pos(), new Value.Sym(s.name().intern()));
            if (e instanceof NoneLit n) return new Ex.Const(n.pos(), Value.None.NONE);
            if (e instanceof Name n) {
                Integer sl = slots.get(n.name());
                if (sl != null) return new Ex.Local(n.pos(), sl, n.name());
                Ex g = u.globals().get(n.name());
                if (g != null) return new Ex.Const(n.pos(), g.constant());
                if (u.paths().containsKey(n.name())) throw abort(n.pos(), "'" + n.name() + "' is a path: call it as " + n.name() + "(...)");
                throw abort(n.pos(), "unknown name '" + n.name() + "'");
            }
            if (e instanceof Attr a) {
                Ex target = expr(a.target());
                Value c = target.constant();
                if (c instanceof Value.InodeRef ino) {
                    Program.InodeInfo info = u.inodes().get(ino.index());
                    Value st = info.statics().get(a.name());
                    if (st != null) return new Ex.Const(a.pos(), st);
                    if (!info.hasField(a.name()) && !a.name().equals("i_size")) {
                        throw abort(a.pos(), "inode " + ino.name() + " has no field or lock '" + a.name() + "'" + fieldHint(info));
                    }
                } else if (c != null) {
                    throw abort(a.pos(), "'" + c + "' has no attribute '" + a.name() + "'");
                } else if (!PAGE_ATTRS.contains(a.name()) && !u.anyInodeHas(a.name())) {
                    throw abort(a.pos(), "unknown attribute '" + a.name() + "' (pages have: " + String.join(", ", new java.util.TreeSet<>(PAGE_ATTRS))
                        + "; inodes have their locks, wait queues, fields, i_size and pages)");
                }
                return new Ex.AttrEx(a.pos(), target, a.name());
            }
            if (e instanceof Unary x) return new Ex.UnaryEx(x.pos(), x.op(), expr(x.operand()));
            if (e instanceof Binary b) return new Ex.BinaryEx(b.pos(), b.op(), expr(b.left()), expr(b.right()));
            if (e instanceof Call c) return call(c);
            if (e instanceof Action a) return action(a);
            if (e instanceof Range r) throw abort(r.pos(), "a range A..B is only an operand of unmap, free_blocks and alloc_blocks");
            throw new IllegalStateException(e.toString());
        }


        private Ex[] exprs(List<Expr> es) throws Abort {
            Ex[] out = new Ex[es.size()];
            for (int i = 0; i < out.length; i++) out[i] = expr(es.get(i));
            return out;
        }

        private Ex call(Call c) throws Abort {
            Integer arity = BUILTINS.get(c.name());
            if (arity != null) {
                if (c.args().size() != arity) {
                    throw abort(c.pos(), c.name() + "() takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got " + c.args().size());
                }
                Ex[] args = exprs(c.args());
                if (c.name().equals("rand") && args[0].constant() instanceof Value.Int a && args[1].constant() instanceof Value.Int b && b.v() < a.v()) {
                    throw abort(c.pos(), "bad range: rand(" + a + ", " + b + ") is empty");
                }
                return new Ex.Builtin(c.pos(), c.name(), args);
            }
            PathDecl p = u.paths().get(c.name());
            if (p == null) {
                if (Actions.isAction(c.name())) {
                    throw abort(c.pos(), "'" + c.name() + "' is an operation, written without parentheses: " + Actions.get(c.name()).usage());
                }
                throw abort(c.pos(), "unknown path '" + c.name() + "'" + (u.paths().isEmpty() ? "" : " (paths: " + String.join(", ", u.paths().keySet()) + ")"));
            }
            if (p.params().size() != c.args().size()) {
                List<String> names = p.params().stream().map(Param::name).toList();
                throw abort(c.pos(), "path '" + c.name() + "' takes " + p.params().size() + " argument" + (p.params().size() == 1 ? "" : "s")
                    + " (" + String.join(", ", names) + "), got " + c.args().size());
            }
            Ex.CallEx call = new Ex.CallEx(c.pos(), c.name(), exprs(c.args()));
            calls.add(call);
            return call;
        }

        private Ex action(Action a) throws Abort {
            Actions.Spec spec = Actions.get(a.op());
            Ex[] args = new Ex[a.args().size()];
            for (int i = 0; i < args.length; i++) {
                Expr arg = a.args().get(i);
                if (arg instanceof Range r) args[i] = new Ex.RangeEx(r.pos(), expr(r.from()), expr(r.to()));
                else args[i] = expr(arg);
            }
            Ex extra = a.extra() == null ? null : expr(a.extra());
            if (a.op().equals("alloc") && !u.paths().containsKey("reclaim")) {
                throw abort(a.pos(), "'alloc' needs a 'reclaim' path (the code direct reclaim runs), and none is defined");
            }
            String shapes = spec.operands();
            for (int i = 0; i < shapes.length() && i < args.length; i++) {
                checkOperand(a, shapes.charAt(i), args[i], args.length > 0 ? args[0] : null);
            }
            if (a.op().equals("pick_page") && args.length == 1) checkOperand(a, 'I', args[0], null);
            if (a.op().equals("wait") && extra != null) checkOperand(a, 'L', extra, null);
            if (Actions.isLru(a.op())) usesLru = true;
            return new Ex.ActionEx(a.pos(), a.op(), args, a.flag(), extra);
        }

        /** Checks operands that are constants: the right kind of object, indexes and ranges inside the inode. */
        private void checkOperand(Action a, char shape, Ex arg, Ex inodeArg) throws Abort {
            Value c = arg.constant();
            switch (shape) {
                case 'L': {
                    if (c == null) return;
                    if (!(c instanceof Value.LockRef l)) throw abort(arg.pos, "'" + a.op() + "' needs a lock, but '" + c + "' is " + kindOf(c));
                    LockKind k = lockKind(l);
                    boolean rw = a.op().startsWith("down_") || a.op().startsWith("up_");
                    boolean ex = a.op().equals("lock") || a.op().equals("unlock") || a.op().equals("trylock") || a.op().equals("lock_nested");
                    if (rw && !k.shared()) throw abort(a.pos(), "'" + a.op() + "' on " + l.name() + ", a " + k.label() + ": use lock/unlock");
                    if (ex && k.shared()) throw abort(a.pos(), "'" + a.op() + "' on " + l.name() + ", a " + k.label() + ": use down_read/down_write");
                    return;
                }
                case 'N':
                    // lockdep: MAX_LOCKDEP_SUBCLASSES = 8
                    if (!(c instanceof Value.Int n) || n.v() < 0 || n.v() > 7) {
                        throw abort(arg.pos, "'" + a.op() + "' needs a lockdep subclass, a constant from 0 to 7");
                    }
                    return;
                case 'Q':
                    if (c != null && !(c instanceof Value.WaitqRef)) throw abort(arg.pos, "'" + a.op() + "' needs a wait queue, but '" + c + "' is " + kindOf(c));
                    return;
                case 'I':
                    if (c != null && !(c instanceof Value.InodeRef)) throw abort(arg.pos, "'" + a.op() + "' needs an inode, but '" + c + "' is " + kindOf(c));
                    return;
                case 'X':
                    if (c instanceof Value.Int idx && inodeArg != null && inodeArg.constant() instanceof Value.InodeRef ino) {
                        int pages = u.inodes().get(ino.index()).pages();
                        if (idx.v() < 0 || idx.v() >= pages) {
                            throw abort(arg.pos, "index " + idx + " is outside " + ino.name() + " (pages 0.." + (pages - 1) + ")");
                        }
                    } else if (c != null && !(c instanceof Value.Int)) {
                        throw abort(arg.pos, "'" + a.op() + "' needs a page index, but '" + c + "' is " + kindOf(c));
                    }
                    return;
                case 'R': {
                    Ex.RangeEx r = (Ex.RangeEx) arg;
                    if (r.from.constant() instanceof Value.Int f && r.to.constant() instanceof Value.Int t) {
                        if (t.v() < f.v()) throw abort(r.pos, "bad range " + f + ".." + t + ": the end is before the start");
                        if (inodeArg != null && inodeArg.constant() instanceof Value.InodeRef ino) {
                            int pages = u.inodes().get(ino.index()).pages();
                            if (f.v() < 0 || t.v() > pages) {
                                throw abort(r.pos, "bad range " + f + ".." + t + ": " + ino.name() + " has pages 0.." + pages + " (half-open)");
                            }
                        }
                    }
                    return;
                }
                default:
                    return;
            }
        }

        private LockKind lockKind(Value.LockRef l) {
            return kindByName.get(l.name());
        }

        private String kindOf(Value v) {
            if (v instanceof Value.InodeRef) return "an inode";
            if (v instanceof Value.LockRef) return "a lock";
            if (v instanceof Value.WaitqRef) return "a wait queue";
            if (v instanceof Value.Int) return "a number";
            if (v instanceof Value.Sym) return "a symbol";
            return "none";
        }

        private Abort abort(Pos p, String msg) {
            err(p, msg);
            return new Abort();
        }
    }

    private final Map<String, LockKind> kindByName = new TreeMap<>();
    /** Whether the variant being compiled has an LRU operation in any of its paths or tasks. */
    private boolean usesLru;
}
