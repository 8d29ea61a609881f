package dev.pagerace.engine;

import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.Event;
import dev.pagerace.model.InodeCore;
import dev.pagerace.model.LockCore;
import dev.pagerace.model.ModelObject;
import dev.pagerace.model.Msg;
import dev.pagerace.model.PoolCore;
import dev.pagerace.model.RunServices;
import dev.pagerace.model.Site;
import dev.pagerace.model.SlotCore;
import dev.pagerace.model.TaskCore;
import dev.pagerace.model.WaitqCore;
import dev.pagerace.oracle.Violation;
import dev.pagerace.oracle.WaitForGraph;
import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic scheduler of one run, with no Akka in it: it owns the
 * pending set, asks the strategy which message to deliver next, takes each
 * delivery's effects (sends, events, trace outcome), keeps the wait-for graph
 * and the held locks, and decides when and how the run ends. The actor engine
 * and the actor-less runner both drive this same class; only the transport
 * of a delivery differs.
 */
public final class RunCore implements RunServices {
    private record Held(String resource, String cls, String mode, Site site) {}

    private record Block(String resource, String cls, String mode, Site site, String why) {}

    private final Program program;
    private final Strategy strategy;
    private final long seed;
    private final boolean tracing;
    private final Schedule schedule = new Schedule();
    private final List<Envelope> pending = new ArrayList<>();
    private final StringBuilder trace;
    private final int taskCount;
    private final boolean[] done;
    private final Block[] blocked;
    private final boolean[] isBlocked;
    private final int[][] waitsFor;
    private final List<List<Held>> held;
    private long seq;
    private long step;
    private long ids;
    private Outcome outcome;
    private boolean edgesChanged;

    public RunCore(Program program, Strategy strategy, long seed, boolean tracing) {
        this.program = program;
        this.strategy = strategy;
        this.seed = seed;
        this.tracing = tracing;
        this.trace = tracing ? new StringBuilder(4096) : null;
        this.taskCount = program.tasks().size();
        this.done = new boolean[taskCount];
        this.blocked = new Block[taskCount];
        this.isBlocked = new boolean[taskCount];
        this.waitsFor = new int[taskCount][];
        this.held = new ArrayList<>();
        for (int i = 0; i < taskCount; i++) held.add(new ArrayList<>());
        for (Program.TaskInfo t : program.tasks()) pending.add(new Envelope(seq++, t.addr(), t.addr(), Msg.Start.INSTANCE));
        if (tracing) {
            trace.append("# pagerace run: ").append(program.scenario()).append('/').append(program.variant())
                .append(" strategy ").append(strategy.name()).append(" seed ").append(seed).append('\n');
            trace.append(String.format("%-7s %-14s %-18s %-22s %s%n", "step", "task", "operation", "object", "outcome"));
        }
    }

    public Program program() { return program; }

    public boolean tracing() { return tracing; }

    /** Fresh pure cores for every object of the run, indexed by address. */
    public static ModelObject[] createObjects(Program p) {
        ModelObject[] objs = new ModelObject[p.objectCount()];
        for (Program.TaskInfo t : p.tasks()) objs[t.addr()] = new TaskCore(p, t);
        for (Program.LockInfo l : p.locks()) objs[l.addr()] = new LockCore(p, l);
        for (Program.WaitqInfo w : p.waitqs()) objs[w.addr()] = new WaitqCore(p, w);
        long blocks = 0;
        for (Program.InodeInfo i : p.inodes()) {
            objs[i.addr()] = new InodeCore(p, i, blocks);
            if (!i.swapBacked()) blocks += i.pages();
            for (int s = 0; s < i.pages(); s++) objs[i.slotAddr(s)] = new SlotCore(p, i.slotAddr(s));
        }
        objs[p.poolAddr()] = new PoolCore(p, blocks);
        return objs;
    }

    /** The next delivery, or null when the run is over. */
    public Envelope next() {
        if (outcome != null) return null;
        if (pending.isEmpty()) {
            finishQuiet();
            return null;
        }
        if (step >= program.config().maxSteps()) {
            outcome = new Outcome.Inconclusive(step);
            return null;
        }
        int i = choose(ChoiceKind.DELIVERY, pending.size());
        if (strategy.divergence() != null) {
            outcome = new Outcome.Diverged(strategy.divergence() + " (at step " + (step + 1) + ")");
            return null;
        }
        step++;
        return pending.remove(i);
    }

    /** Applies what the delivered object answered. */
    public void apply(Envelope env, Effects fx) {
        if (tracing) traceLine(env, fx);
        for (Effects.Send s : fx.sends()) pending.add(new Envelope(seq++, s.to(), s.task(), s.msg()));
        for (Event e : fx.events()) event(e);
        if (outcome == null && strategy.divergence() != null) {
            outcome = new Outcome.Diverged(strategy.divergence() + " (at step " + step + ")");
        }
        if (outcome == null && edgesChanged) {
            edgesChanged = false;
            List<Integer> cycle = WaitForGraph.findCycle(waitsFor, isBlocked);
            if (!cycle.isEmpty()) outcome = new Outcome.Violated(deadlock(cycle));
        }
    }

    public boolean finished() { return outcome != null; }

    public RunResult result() {
        String text = null;
        if (tracing) {
            trace.append("# ").append(outcome == null ? "running" : outcome.label()).append(" after ").append(step).append(" deliveries\n");
            text = trace.toString();
        }
        return new RunResult(program.scenario(), program.variant(), strategy.name(), seed, outcome, step, schedule, text);
    }

    // ---- RunServices -------------------------------------------------------------------------

    @Override public int choose(ChoiceKind kind, int n) {
        if (n <= 1) return 0;
        int v = strategy.choose(kind, n);
        if (v < 0 || v >= n) throw new IllegalStateException(strategy.name() + " chose " + v + " of " + n);
        schedule.add(kind, n, v);
        return v;
    }

    @Override public long newId() { return ++ids; }

    // ---- bookkeeping ---------------------------------------------------------------------------

    private void event(Event e) {
        if (e instanceof Event.Acquired a) {
            held.get(a.task()).add(new Held(a.resource(), a.cls(), a.mode() == null ? "" : a.mode().label(), a.site()));
        } else if (e instanceof Event.Released r) {
            List<Held> h = held.get(r.task());
            for (int i = h.size() - 1; i >= 0; i--) {
                if (h.get(i).resource().equals(r.resource()) && h.get(i).mode().equals(r.mode().label())) {
                    h.remove(i);
                    break;
                }
            }
        } else if (e instanceof Event.Blocked b) {
            blocked[b.task()] = new Block(b.resource(), clsOf(b.resource()), b.mode() == null ? "" : b.mode().label(), b.site(), b.why());
            isBlocked[b.task()] = true;
            waitsFor[b.task()] = b.waitsFor();
            edgesChanged = true;
        } else if (e instanceof Event.WaitEdges w) {
            if (blocked[w.task()] != null) {
                Block old = blocked[w.task()];
                blocked[w.task()] = new Block(old.resource(), old.cls(), old.mode(), old.site(), w.why());
            }
            waitsFor[w.task()] = w.waitsFor();
            edgesChanged = true;
        } else if (e instanceof Event.Unblocked u) {
            blocked[u.task()] = null;
            isBlocked[u.task()] = false;
            waitsFor[u.task()] = null;
        } else if (e instanceof Event.TaskDone d) {
            done[d.task()] = true;
        } else if (e instanceof Event.AssertFailed a) {
            if (outcome == null) {
                outcome = new Outcome.Violated(new Violation.AssertFailure(program.name(a.task()), a.message(), a.site().where(), a.site().stack("  ")));
            }
        } else if (e instanceof Event.ModelFault f) {
            if (outcome == null) outcome = new Outcome.ModelFault(program.name(f.task()), f.message(), f.pos() == null ? "?" : f.pos().toString());
        }
        // OpBegin/OpEnd feed the latency and starvation oracles.
    }

    private String clsOf(String resource) {
        if (resource.startsWith("page#")) return "page_lock";
        for (Program.LockInfo l : program.locks()) if (l.name().equals(resource)) return l.cls();
        return resource;
    }

    /** Nothing is deliverable: clean if every task finished, else everyone left is stuck. */
    private void finishQuiet() {
        List<Violation.Waiting> stuck = new ArrayList<>();
        for (int t = 0; t < taskCount; t++) {
            if (!done[t]) stuck.add(waiting(t));
        }
        outcome = stuck.isEmpty() ? new Outcome.Clean() : new Outcome.Violated(new Violation.Deadlock(step, List.of(), stuck));
    }

    private Violation.Deadlock deadlock(List<Integer> cycle) {
        List<Violation.Waiting> c = new ArrayList<>();
        for (int t : cycle) c.add(waiting(t));
        List<Violation.Waiting> all = new ArrayList<>();
        for (int t = 0; t < taskCount; t++) if (isBlocked[t]) all.add(waiting(t));
        return new Violation.Deadlock(step, c, all);
    }

    private Violation.Waiting waiting(int t) {
        Block b = blocked[t];
        List<Violation.Holding> mine = holdings(t);
        if (b == null) {
            return new Violation.Waiting(program.name(t), "(nothing)", "", "", "", "", "not blocked, but no message for it is pending", List.of(), mine);
        }
        List<Violation.Holding> holders = new ArrayList<>();
        for (int h = 0; h < taskCount; h++) {
            for (Held x : held.get(h)) {
                if (x.resource().equals(b.resource())) holders.add(holding(h, x));
            }
        }
        return new Violation.Waiting(program.name(t), b.resource(), b.cls(), b.mode(), b.site().where(), b.site().stack("    "), b.why(), holders, mine);
    }

    private List<Violation.Holding> holdings(int t) {
        List<Violation.Holding> out = new ArrayList<>();
        for (Held x : held.get(t)) out.add(holding(t, x));
        return out;
    }

    private Violation.Holding holding(int t, Held x) {
        return new Violation.Holding(program.name(t), x.resource(), x.cls(), x.mode(), x.site().where(), x.site().stack("    "));
    }

    private void traceLine(Envelope env, Effects fx) {
        String object;
        if (env.msg() instanceof Msg.Reply r) object = program.name(r.from());
        else if (env.msg() instanceof Msg.Woken w) object = program.name(w.queue());
        else object = program.name(env.to());
        trace.append(String.format("#%-6d %-14s %-18s %-22s %s%n", step, program.name(env.task()), env.msg().label(), object, fx.outcome()));
    }
}
