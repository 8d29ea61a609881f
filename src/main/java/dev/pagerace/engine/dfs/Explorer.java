package dev.pagerace.engine.dfs;

import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RunCore;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Schedule;
import dev.pagerace.engine.Strategy;
import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.ModelObject;
import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.LockOrderGraph;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Program;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code dfs}: exhaustive, stateful depth-first exploration of one variant.
 * Every pending delivery is a branch point, and so is every choice inside a
 * delivery ({@code rand}, {@code choose}, reclaim entry, {@code pick_page}):
 * a transition is one delivery with one vector of inner choices.
 * <p>
 * A search state is a {@link RunCore} copy (pending set, oracle mirror) and
 * the run's objects; a delivery changes only its target, so a child state
 * copies that one object and shares the others with its parent. States are
 * identified by {@link StateHasher}'s canonical fingerprint (ids renamed,
 * symmetric task instances sorted), kept in a primitive visited set. Sleep
 * sets (Godefroid 1996) skip transitions whose order against an explored
 * sibling cannot matter ({@link Footprint}); sleep sets prune transitions,
 * not states, so with them the search still stores every reachable state
 * (the tests check that the state counts agree with POR off).
 * <p>
 * Safety only: deadlocks (cycles and stalls), data oracles, asserts, orphan
 * mappings, punch residue, sleep in atomic, and lock-order cycles over the
 * edges of every explored transition. Starvation is a bound on delivery
 * counts along one schedule, not a property of a state, and is not judged.
 */
public final class Explorer {
    private final Program program;
    private final DfsOptions opt;
    private final ScriptStrategy script = new ScriptStrategy();
    private final StateHasher hasher;
    private final LongHashSet visited = new LongHashSet();
    /** Fingerprints of the states on the DFS stack, with multiplicity (distinct nodes may share one under a bound). */
    private final java.util.HashMap<Long, Integer> onStack = new java.util.HashMap<>();
    private final long maxDepth;
    private long states, transitions, executions, deepest;
    private boolean depthCut, preemptionCut, statesCut, memoryCut;
    private MemoryGuard guard = MemoryGuard.NONE;
    /** The stored-state count the guard was last asked at: asked once per count, where --max-states would stop. */
    private long guardedAt = -1;
    private java.util.function.Consumer<Progress> progress = p -> {};
    private long nextProgress = PROGRESS_EVERY;

    /** Transitions between two {@link Progress} reports. */
    static final long PROGRESS_EVERY = 1 << 16;

    /**
     * Where a long search is, reported every {@link #PROGRESS_EVERY}
     * transitions: {@code depth} is the dfs stack's height, or the
     * breadth-first level being expanded; {@code frontier} the states on the
     * stack, or those found so far for the next level.
     */
    public record Progress(boolean breadthFirst, long states, long transitions, long depth, long frontier) {}

    private record Sleeper(long seq, Footprint fp) {}

    private static final class Node {
        final RunCore core;
        final ModelObject[] objs;
        final Node parent;
        /** The choices (kind, n, value) of the transition that led here. */
        final List<int[]> in;
        final int depth, lastTask, preemptions;
        List<Sleeper> sleep = List.of();
        final List<Sleeper> done = new ArrayList<>(2);
        int next;
        int[] vector;
        Footprint cur;
        long hash;
        /** Ample-set phase: 0 undecided, 1 exploring the ample delivery only, 2 full expansion, 3 done. */
        int phase;
        long ampleSeq = -1;
        boolean ampleBad;

        Node(RunCore core, ModelObject[] objs, Node parent, List<int[]> in, int depth, int lastTask, int preemptions) {
            this.core = core;
            this.objs = objs;
            this.parent = parent;
            this.in = in;
            this.depth = depth;
            this.lastTask = lastTask;
            this.preemptions = preemptions;
        }
    }

    public Explorer(Program program, DfsOptions opt) {
        this.program = program;
        // sleep sets prune an order whose equivalent may need more preemptions than the bound allows, so they
        // would make a bounded search miss what it should find (Musuvathi and Qadeer, "Partial-order reduction
        // for context-bounded state exploration", 2007): under a preemption bound the search runs without POR
        this.opt = opt.preemptionBound() >= 0 ? opt.withPor(false) : opt;
        this.hasher = new StateHasher(program, opt.symmetry());
        long cap = program.config().maxSteps();
        this.maxDepth = opt.maxDepth() > 0 ? Math.min(opt.maxDepth(), cap) : cap;
    }

    /**
     * Sets the memory bound (default: none, so that a result depends on
     * the program and the options alone) and what hears of the search's
     * progress, which changes no result.
     */
    public Explorer watch(MemoryGuard memory, java.util.function.Consumer<Progress> listener) {
        this.guard = memory;
        this.progress = listener;
        return this;
    }

    public DfsResult explore() { return explore(List.of()); }

    /**
     * Searches the subtree below {@code prefix}: transitions from the initial
     * state, each {@code {delivery, choice...}} as {@link #split} hands them
     * out. The prefix's states stay on the stack for the cycle proviso; the
     * counts are the subtree's, and a counterexample's schedule starts at the
     * initial state, so it replays on its own.
     */
    public DfsResult explore(List<int[]> prefix) {
        long t0 = System.nanoTime(); // for the report's seconds only: nothing in a run sees it
        RunCore root = new RunCore(program, script, 0, false).copyFor(script, false);
        Node start = new Node(root, RunCore.createObjects(program), null, List.of(), 0, -1, 0);
        if (opt.stateHashing()) {
            start.hash = hash(start);
            visited.add(start.hash);
            onStack.merge(start.hash, 1, Integer::sum);
        }
        for (int[] leg : prefix) {
            if (leg.length == 0 || leg[0] < 0 || leg[0] >= start.core.pending().size()) {
                throw new IllegalArgumentException("the dfs prefix names delivery " + (leg.length == 0 ? "none" : leg[0]) + " of "
                    + start.core.pending().size() + " pending at depth " + start.depth);
            }
            start.next = leg[0];
            start.vector = java.util.Arrays.copyOfRange(leg, 1, leg.length);
            Node child = step(start);
            if (child == null) throw new IllegalArgumentException("the dfs prefix revisits a state at depth " + (start.depth + 1));
            if (opt.stateHashing()) onStack.merge(child.hash, 1, Integer::sum);
            start = child;
        }
        Node rootNode = start;
        transitions = 0;
        executions = 0;
        if (!rootNode.core.violations().isEmpty() || rootNode.core.outcome() != null) {
            // the prefix ends the run: its end is the whole subtree (split() reports these itself)
            return result(root, rootNode.core.violations().isEmpty() && !(rootNode.core.outcome() instanceof Outcome.ModelFault)
                ? null : rootNode, t0);
        }
        states = 1;
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(rootNode);
        Node bad = null;
        while (!stack.isEmpty()) {
            if (cut(false, stack.size(), stack.size())) break;
            Node n = stack.peek();
            List<Envelope> pending = n.core.pending();
            if (n.next >= pending.size()) {
                pop(stack);
                continue;
            }
            if (n.phase == 0) {
                n.ampleSeq = opt.por() ? ampleCandidate(n) : -1;
                n.phase = n.ampleSeq >= 0 ? 1 : 2;
                if (n.phase == 1) n.next = indexOf(pending, n.ampleSeq);
            }
            if (n.phase == 3) {
                pop(stack);
                continue;
            }
            Envelope env = pending.get(n.next);
            if (n.vector == null) {
                if (n.phase == 2 && env.seq() == n.ampleSeq) { // its transitions were explored in the ample phase
                    n.next++;
                    continue;
                }
                if (asleep(n, env)) {
                    n.next++;
                    continue;
                }
                if (opt.preemptionBound() >= 0 && preempts(n, env) && n.preemptions >= opt.preemptionBound()) {
                    preemptionCut = true;
                    n.next++;
                    continue;
                }
                n.vector = new int[0];
            }
            boolean amplePhase = n.phase == 1;
            Node child = step(n);
            if (amplePhase && n.vector == null) {
                // every choice of the ample delivery was run: enough, unless one touched another task or the
                // page cache, or led back into the DFS stack (the cycle proviso); then expand the node fully
                n.phase = n.ampleBad ? 2 : 3;
                n.next = 0;
            }
            if (child == null) continue;
            if (!child.core.violations().isEmpty() || child.core.outcome() instanceof Outcome.ModelFault) {
                bad = child;
                break;
            }
            if (child.core.outcome() != null) continue; // a terminal state, counted in step()
            if (child.depth >= maxDepth) {
                depthCut = true;
                continue;
            }
            stack.push(child);
            if (opt.stateHashing()) onStack.merge(child.hash, 1, Integer::sum);
        }
        return result(root, bad, t0);
    }

    /**
     * Whether the state bound or the memory bound stops the search here, before the next expansion; reports
     * progress when due. The memory bound is asked only when the stored-state count has grown since it was last
     * asked, so it stops at the first point with its count, where --max-states with that count stops.
     */
    private boolean cut(boolean breadthFirst, long depth, long frontier) {
        if (opt.maxStates() > 0 && states >= opt.maxStates()) {
            statesCut = true;
            return true;
        }
        if (states != guardedAt) {
            guardedAt = states;
            if (guard.exhausted()) {
                memoryCut = true;
                return true;
            }
        }
        if (transitions >= nextProgress) {
            nextProgress = transitions + PROGRESS_EVERY;
            progress.accept(new Progress(breadthFirst, states, transitions, depth, frontier));
        }
        return false;
    }

    private DfsResult result(RunCore root, Node bad, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> bounds = new ArrayList<>();
        if (depthCut) bounds.add("max-depth " + maxDepth);
        if (preemptionCut) bounds.add("preemption-bound " + opt.preemptionBound());
        if (statesCut) bounds.add("max-states " + opt.maxStates());
        if (memoryCut) bounds.add(MEMORY_BOUND);
        List<LockEdge> edges = root.lockOrder().edges();
        LockOrderGraph g = new LockOrderGraph();
        g.add(edges, -1);
        List<Violation.LockOrder> cycles = g.cycles();
        String flags = opt.flags();
        if (bad != null) {
            RunResult cex = counterexample(bad);
            boolean fault = bad.core.outcome() instanceof Outcome.ModelFault;
            String kind = fault ? "model_error" : bad.core.violations().get(0).kind();
            return new DfsResult(fault ? DfsResult.Verdict.MODEL_ERROR : DfsResult.Verdict.VIOLATION, kind, states, transitions,
                executions, deepest, seconds, bounds, cex, cycles, flags, visited.bytes(), edges);
        }
        if (!cycles.isEmpty()) {
            return new DfsResult(DfsResult.Verdict.VIOLATION, "lock_order", states, transitions, executions, deepest, seconds,
                bounds, null, cycles, flags, visited.bytes(), edges);
        }
        return new DfsResult(bounds.isEmpty() ? DfsResult.Verdict.EXHAUSTED : DfsResult.Verdict.BOUND_REACHED, "clean",
            states, transitions, executions, deepest, seconds, bounds, null, cycles, flags, visited.bytes(), edges);
    }

    /**
     * The top of the search tree, breadth first, for a search spread over
     * many workers: states seen before are dropped (symmetry included), and
     * ample sets are used as in {@link #explore()} (sleep sets are not: each
     * subtree starts with an empty one, which is sound), until a level holds
     * at least {@code target} states. Each of them is the root of one subtree for
     * {@link #explore(List)}; together they cover every state below the
     * levels searched here. A violation, a run's end and the bounds met on
     * the way are judged here, as in {@link #explore()}.
     */
    public Split split(int target) {
        long t0 = System.nanoTime();
        RunCore root = new RunCore(program, script, 0, false).copyFor(script, false);
        Node rootNode = new Node(root, RunCore.createObjects(program), null, List.of(), 0, -1, 0);
        if (opt.stateHashing()) {
            rootNode.hash = hash(rootNode);
            visited.add(rootNode.hash);
        }
        states = 1;
        List<Node> level = List.of(rootNode);
        int depth = 0;
        while (!level.isEmpty() && level.size() < target) {
            List<Node> below = new ArrayList<>();
            for (Node n : level) {
                if (cut(true, depth, below.size())) {
                    below.clear();
                    break;
                }
                // an ample set, as in explore(), with the cycle proviso in its breadth-first form: every successor
                // of the ample delivery must be a state not seen before, or the node is expanded fully
                long ample = opt.por() ? ampleCandidate(n) : -1;
                boolean full = ample < 0;
                if (!full) {
                    n.next = indexOf(n.core.pending(), ample);
                    n.vector = new int[0];
                    n.phase = 1;
                    while (n.vector != null) {
                        Node child = step(n);
                        if (child == null) {
                            n.ampleBad = true;
                            continue;
                        }
                        Node stop = settle(child, below);
                        if (stop != null) return new Split(List.of(), result(root, stop, t0));
                    }
                    full = n.ampleBad;
                }
                if (!full) continue;
                n.phase = 2;
                n.next = 0;
                n.vector = null;
                while (n.next < n.core.pending().size()) {
                    if (n.vector == null) {
                        Envelope env = n.core.pending().get(n.next);
                        if (env.seq() == ample || opt.preemptionBound() >= 0 && preempts(n, env) && n.preemptions >= opt.preemptionBound()) {
                            if (env.seq() != ample) preemptionCut = true;
                            n.next++;
                            continue;
                        }
                        n.vector = new int[0];
                    }
                    Node child = step(n);
                    if (child == null) continue;
                    Node stop = settle(child, below);
                    if (stop != null) return new Split(List.of(), result(root, stop, t0));
                }
            }
            level = below;
            depth++;
        }
        List<List<int[]>> prefixes = new ArrayList<>(level.size());
        for (Node n : level) prefixes.add(legs(n));
        return new Split(prefixes, result(root, null, t0));
    }

    /**
     * Breadth first over the whole state space, without POR (ample sets keep
     * every reachable state but not every shortest path to it): the first
     * violation found is one of the shortest, in deliveries, that the
     * scenario has (symmetry keeps path lengths). The yardstick for shrinking.
     */
    public DfsResult shortest() {
        return new Explorer(program, opt.withPor(false)).watch(guard, progress).split(Integer.MAX_VALUE).top();
    }

    /** The bound a search names when {@link MemoryGuard} stopped it. */
    public static final String MEMORY_BOUND = "memory";

    /** A child of split()'s expansion: a violation ends the split (returned), a run's end or the depth bound drops it, else it joins the next level. */
    private Node settle(Node child, List<Node> below) {
        child.sleep = List.of(); // each subtree starts with an empty sleep set
        if (!child.core.violations().isEmpty() || child.core.outcome() instanceof Outcome.ModelFault) return child;
        if (child.core.outcome() != null) return null;
        if (child.depth >= maxDepth) {
            depthCut = true;
            return null;
        }
        below.add(child);
        return null;
    }

    /**
     * The split of a search: the subtrees' prefixes, and what the levels above
     * them gave (a violation there ends the search with no subtrees; otherwise
     * its counts, bounds and lock-order edges are merged with the subtrees').
     */
    public record Split(List<List<int[]>> prefixes, DfsResult top) {}

    /** The path from the initial state to {@code n}, one {delivery, choice...} per transition. */
    private static List<int[]> legs(Node n) {
        List<int[]> out = new ArrayList<>(n.depth);
        for (Node x = n; x.parent != null; x = x.parent) {
            List<int[]> in = x.in;
            boolean hasDelivery = !in.isEmpty() && in.get(0)[0] == ChoiceKind.DELIVERY.ordinal();
            int inner = in.size() - (hasDelivery ? 1 : 0);
            int[] leg = new int[1 + inner];
            leg[0] = hasDelivery ? in.get(0)[2] : 0;
            for (int i = 0; i < inner; i++) leg[1 + i] = in.get(i + (hasDelivery ? 1 : 0))[2];
            out.add(leg);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Runs the node's current transition (envelope {@code n.next} with choice
     * vector {@code n.vector}) on copies, advances the node to its next
     * transition, and returns the child: null when it was seen before.
     */
    private Node step(Node n) {
        script.script(n.next, n.vector);
        RunCore c = n.core.copyFor(script, false);
        Envelope got = c.next();
        ModelObject[] objs = n.objs.clone();
        objs[got.to()] = objs[got.to()].copy();
        Effects fx = new Effects(false);
        objs[got.to()].deliver(got, c, fx);
        c.apply(got, fx);
        transitions++;
        Footprint fp = Footprint.of(program, got, fx);
        List<int[]> made = new ArrayList<>(script.made);
        boolean preempted = preempts(n, got);
        // the child's sleep set: what sleeps here, and the siblings explored before, if independent of this transition
        List<Sleeper> sleep = List.of();
        if (opt.por()) {
            sleep = new ArrayList<>(n.sleep.size() + n.done.size());
            for (Sleeper s : n.sleep) if (s.fp.independent(fp)) sleep.add(s);
            for (Sleeper s : n.done) if (s.fp.independent(fp)) sleep.add(s);
        }
        if (n.cur == null) {
            n.cur = new Footprint(fp.to);
        }
        n.cur.union(fp);
        int[] succ = script.successor();
        if (succ == null) {
            n.done.add(new Sleeper(got.seq(), n.cur));
            n.next++;
            n.vector = null;
            n.cur = null;
        } else {
            n.vector = succ;
        }
        Node child = new Node(c, objs, n, made, n.depth + 1, got.task(), n.preemptions + (preempted ? 1 : 0));
        child.sleep = sleep;
        deepest = Math.max(deepest, child.depth);
        if (c.violations().isEmpty() && c.outcome() == null && c.pending().isEmpty()) c.next(); // every task done, or a stall
        if (!c.violations().isEmpty() || c.outcome() instanceof Outcome.ModelFault) return child;
        if (n.phase == 1 && !fp.local(got.task())) n.ampleBad = true;
        if (opt.stateHashing()) {
            child.hash = hash(child);
            if (!visited.add(child.hash)) {
                // the cycle proviso (C3) in its DFS form (Holzmann and Peled 1994, as in SPIN): an ample
                // transition back into a state on the stack could postpone the other transitions forever
                if (n.phase == 1 && onStack.containsKey(child.hash)) n.ampleBad = true;
                return null;
            }
        }
        states++;
        if (c.outcome() != null) executions++;
        return child;
    }

    /**
     * An ample set of one delivery (Peled 1993; Clarke, Grumberg and Peled,
     * "Model Checking", ch. 10): a message to a task that is not blocked and
     * has no other message in flight. Its handling is the task's local
     * computation up to its next request; no other object can send to that
     * task or report on it meanwhile (only a lock or wait queue the task
     * waits in does that, and it waits in none), so no transition dependent
     * on it can run first (C1). Whether it is invisible (C2: it touches no
     * other task and no page-cache state) and closes no cycle (C3: no
     * successor is on the DFS stack) is checked after running it; if not,
     * the node falls back to full expansion.
     */
    private long ampleCandidate(Node n) {
        List<Envelope> pending = n.core.pending();
        if (pending.size() < 2) return -1;
        int tasks = program.tasks().size();
        for (Envelope e : pending) {
            int t = e.task();
            if (e.to() != t || t >= tasks || n.core.runState().blockedNow(t) || asleep(n, e)) continue;
            boolean alone = true;
            for (Envelope o : pending) if (o != e && o.task() == t) alone = false;
            if (alone) return e.seq();
        }
        return -1;
    }

    private static int indexOf(List<Envelope> pending, long seq) {
        for (int i = 0; i < pending.size(); i++) if (pending.get(i).seq() == seq) return i;
        throw new IllegalStateException("no pending message #" + seq);
    }

    private void pop(Deque<Node> stack) {
        Node n = stack.pop();
        if (opt.stateHashing()) onStack.merge(n.hash, -1, (a, b) -> a + b == 0 ? null : a + b);
    }

    private long hash(Node n) {
        return hasher.hash(n.core, n.objs, n.lastTask, opt.preemptionBound() >= 0 ? n.preemptions : -1);
    }

    private static boolean asleep(Node n, Envelope env) {
        for (Sleeper s : n.sleep) if (s.seq == env.seq()) return true;
        return false;
    }

    /** CHESS's preemption: switching away from the task that ran last while it still has a message pending. */
    private static boolean preempts(Node n, Envelope env) {
        if (n.lastTask < 0 || env.task() == n.lastTask) return false;
        for (Envelope e : n.core.pending()) if (e.task() == n.lastTask) return true;
        return false;
    }

    /**
     * The path to {@code bad} as a schedule, run again from the start on the
     * pure engine with tracing: choices past the path (a data violation does
     * not end a run) take option 0 up to the end of the run, so the schedule
     * is complete and replays exactly with {@code pagerace replay}.
     */
    private RunResult counterexample(Node bad) {
        List<List<int[]>> legs = new ArrayList<>();
        for (Node x = bad; x != null; x = x.parent) legs.add(x.in);
        Schedule path = new Schedule();
        ChoiceKind[] kinds = ChoiceKind.values();
        for (int i = legs.size() - 1; i >= 0; i--) for (int[] c : legs.get(i)) path.add(kinds[c[0]], c[1], c[2]);
        return PureRunner.run(program, new PathStrategy(path), 0, true);
    }

    /** Replays the search's path, then takes option 0 for every choice; named dfs in reports. */
    static final class PathStrategy implements Strategy {
        private final Schedule path;
        private int next;
        private String divergence;

        PathStrategy(Schedule path) { this.path = path; }

        @Override public String name() { return "dfs"; }

        @Override public int choose(ChoiceKind kind, int n) {
            if (next >= path.size()) return 0;
            Schedule.Choice c = path.get(next++);
            if (c.kind() != kind || c.n() != n) {
                if (divergence == null) divergence = "the dfs path made a " + c.kind().label() + " choice among " + c.n()
                    + " where the run makes a " + kind.label() + " choice among " + n;
                return 0;
            }
            return c.value();
        }

        @Override public String divergence() { return divergence; }
    }
}
