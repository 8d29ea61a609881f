package dev.pagerace.engine;

import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.Event;
import dev.pagerace.model.InodeCore;
import dev.pagerace.model.LockCore;
import dev.pagerace.model.LruCore;
import dev.pagerace.model.ModelObject;
import dev.pagerace.model.Msg;
import dev.pagerace.model.PoolCore;
import dev.pagerace.model.RunServices;
import dev.pagerace.model.SlotCore;
import dev.pagerace.model.TaskCore;
import dev.pagerace.model.WaitqCore;
import dev.pagerace.oracle.DataOracle;
import dev.pagerace.oracle.DeadlockOracle;
import dev.pagerace.oracle.LockLeakOracle;
import dev.pagerace.oracle.LockOrderCollector;
import dev.pagerace.oracle.Oracle;
import dev.pagerace.oracle.OrphanMappingOracle;
import dev.pagerace.oracle.PunchResidueOracle;
import dev.pagerace.oracle.RunState;
import dev.pagerace.oracle.SleepInAtomicOracle;
import dev.pagerace.oracle.StarvationOracle;
import dev.pagerace.oracle.Violation;
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
    private final Program program;
    private final Strategy strategy;
    private final long seed;
    private final boolean tracing;
    private final Schedule schedule = new Schedule();
    private final List<Envelope> pending = new ArrayList<>();
    private final StringBuilder trace;
    private final RunState state;
    private final LockOrderCollector lockOrder;
    private final List<Oracle> oracles;
    /** The oracles that look at events, and those asked after each delivery, in {@link #oracles}' order. */
    private final Oracle[] eventOracles, deliveryOracles;
    private final List<RunResult.OpTime> opTimes = new ArrayList<>();
    /** lock_stat of this run; null in the search's copies, where a run has no single timeline. */
    private final dev.pagerace.stats.LockStatCollector lockStat;
    private long seq;
    private long step;
    private long ids;
    private Outcome outcome;
    /** Violations so far, the first of each kind; a fatal one also sets the outcome. */
    private final List<Violation> violations = new ArrayList<>();

    public RunCore(Program program, Strategy strategy, long seed, boolean tracing) {
        this.program = program;
        this.strategy = strategy;
        this.seed = seed;
        this.tracing = tracing;
        this.trace = tracing ? new StringBuilder(4096) : null;
        this.state = new RunState(program);
        this.lockOrder = new LockOrderCollector();
        this.lockStat = new dev.pagerace.stats.LockStatCollector();
        // deadlock first: a deadlocked run is reported as a deadlock, not as the starvation it also causes
        List<Oracle> all = new ArrayList<>(List.of(new DeadlockOracle()));
        // liveness is judged only under a fair strategy: see StarvationOracle
        if (strategy.judgesLiveness()) all.add(new StarvationOracle(program.config().starvationBound(), strategy.name()));
        all.addAll(List.of(new DataOracle(), new OrphanMappingOracle(), new PunchResidueOracle(), new SleepInAtomicOracle(),
            new LockLeakOracle(), lockOrder));
        this.oracles = List.copyOf(all);
        this.eventOracles = watching(oracles, 0);
        this.deliveryOracles = watching(oracles, 1);
        for (Program.TaskInfo t : program.tasks()) pending.add(new Envelope(seq++, t.addr(), t.addr(), Msg.Start.INSTANCE));
        if (tracing) {
            trace.append("# pagerace run: ").append(program.scenario()).append('/').append(program.variant())
                .append(" strategy ").append(strategy.name()).append(' ').append(RunResult.seedLabel(seed)).append('\n');
            trace.append(String.format("%-7s %-14s %-18s %-22s %s%n", "step", "task", "operation", "object", "outcome"));
        }
    }

    public Program program() { return program; }

    /**
     * A copy of this run's scheduler state for the exhaustive search, which
     * drives it with {@code strategy}: pending set, oracle mirror, ids and
     * counters are copied; the lock-order collector is shared, so its edges
     * are the union over every explored transition (an edge depends only on
     * the locks held at the attempt, so the union is what every schedule
     * shows). Without {@code liveness} the starvation oracle is left out: a
     * bound on delivery counts is not a property of a state. (A copy cannot
     * add back what its parent left out.)
     */
    public RunCore copyFor(Strategy strategy, boolean liveness) { return new RunCore(this, strategy, liveness); }

    private RunCore(RunCore o, Strategy strategy, boolean liveness) {
        this.program = o.program;
        this.strategy = strategy;
        this.seed = o.seed;
        this.tracing = false;
        this.trace = null;
        this.pending.addAll(o.pending);
        this.state = o.state.copy();
        this.lockOrder = o.lockOrder;
        this.lockStat = null;
        // the oracles keep nothing between calls (their state is the mirror and the shared collector), so a copy
        // shares its parent's, less the starvation oracle when liveness is not judged; an oracle added to the
        // constructor's list is kept here without a change
        List<Oracle> kept = new ArrayList<>(o.oracles.size());
        for (Oracle x : o.oracles) if (liveness || !(x instanceof StarvationOracle)) kept.add(x);
        this.oracles = kept.size() == o.oracles.size() ? o.oracles : List.copyOf(kept);
        // a search copies a state at every step: the parent's split of the same oracles serves
        this.eventOracles = oracles == o.oracles ? o.eventOracles : watching(oracles, 0);
        this.deliveryOracles = oracles == o.oracles ? o.deliveryOracles : watching(oracles, 1);
        this.seq = o.seq;
        this.step = o.step;
        this.ids = o.ids;
        this.outcome = o.outcome;
        this.violations.addAll(o.violations);
    }

    /** The pending messages in send order (read only): the search's enabled transitions. */
    public List<Envelope> pending() { return java.util.Collections.unmodifiableList(pending); }

    /** The oracles' mirror of the run, for the search's state fingerprint. */
    public RunState runState() { return state; }

    /** How the run ended, or null while it goes on. */
    public Outcome outcome() { return outcome; }

    /** Violations so far, the first of each kind. */
    public List<Violation> violations() { return java.util.Collections.unmodifiableList(violations); }

    public LockOrderCollector lockOrder() { return lockOrder; }

    public long step() { return step; }

    public boolean tracing() { return tracing; }

    /** Fresh pure cores for every object of the run, indexed by address. */
    public static ModelObject[] createObjects(Program p) {
        ModelObject[] objs = new ModelObject[p.objectCount()];
        for (Program.TaskInfo t : p.tasks()) objs[t.addr()] = new TaskCore(p, t);
        for (Program.LockInfo l : p.locks()) objs[l.addr()] = new LockCore(p, l);
        for (Program.WaitqInfo w : p.waitqs()) objs[w.addr()] = new WaitqCore(p, w);
        for (Program.InodeInfo i : p.inodes()) {
            objs[i.addr()] = new InodeCore(p, i, p.firstBlock(i.index()));
            for (int s = 0; s < i.pages(); s++) objs[i.slotAddr(s)] = new SlotCore(p, i.slotAddr(s));
        }
        objs[p.poolAddr()] = new PoolCore(p, p.initialBlocks());
        if (p.usesLru()) objs[p.lruAddr()] = new LruCore(p);
        return objs;
    }

    /** The next delivery, or null when the run is over. */
    public Envelope next() {
        if (outcome != null) return null;
        if (pending.isEmpty()) {
            Violation.Deadlock stall = DeadlockOracle.stall(state);
            if (stall != null) found(stall);
            for (Oracle o : oracles) {
                Violation v = o.atEnd(state);
                if (v != null) found(v);
            }
            outcome = violations.isEmpty() ? new Outcome.Clean() : new Outcome.Violated(violations.get(0));
            return null;
        }
        if (step >= program.config().maxSteps()) {
            outcome = violations.isEmpty() ? new Outcome.Inconclusive(step) : new Outcome.Violated(violations.get(0));
            return null;
        }
        int i = chooseDelivery();
        if (strategy.divergence() != null) {
            outcome = new Outcome.Diverged(strategy.divergence() + " (at step " + (step + 1) + ")");
            return null;
        }
        step++;
        state.step(step);
        return pending.remove(i);
    }

    /** Applies what the delivered object answered. */
    public void apply(Envelope env, Effects fx) {
        if (tracing) traceLine(env, fx);
        state.context(env.task(), siteOf(env.msg()));
        for (int i = 0, n = fx.sendCount(); i < n; i++) pending.add(new Envelope(seq++, fx.sendTo(i), fx.sendTask(i), fx.sendMsg(i)));
        List<Event> events = fx.events();
        for (int i = 0, n = events.size(); i < n; i++) event(events.get(i));
        if (outcome == null && strategy.divergence() != null) {
            outcome = new Outcome.Diverged(strategy.divergence() + " (at step " + step + ")");
        }
        for (Oracle o : deliveryOracles) {
            if (outcome != null) break;
            Violation v = o.afterDelivery(state);
            if (v != null) found(v);
        }
    }

    /**
     * Which of {@link Oracle}'s methods with a default that finds nothing a class overrides: [onEvent, afterDelivery].
     * Only those are called: six oracles judge events and two judge the state after a delivery, where calling all
     * eight for both made 16 interface calls per delivery of one event instead of 8, on the run's hottest path.
     */
    private static final ClassValue<boolean[]> OVERRIDES = new ClassValue<>() {
        @Override protected boolean[] computeValue(Class<?> c) {
            try {
                return new boolean[] {
                    c.getMethod("onEvent", Event.class, RunState.class).getDeclaringClass() != Oracle.class,
                    c.getMethod("afterDelivery", RunState.class).getDeclaringClass() != Oracle.class};
            } catch (NoSuchMethodException e) {
                throw new AssertionError("Oracle's methods", e);
            }
        }
    };

    /** The oracles of {@code all} that override method {@code which} of {@link #OVERRIDES}, in order. */
    private static Oracle[] watching(List<Oracle> all, int which) {
        return all.stream().filter(o -> OVERRIDES.get(o.getClass())[which]).toArray(Oracle[]::new);
    }

    /** Records a violation; a fatal one ends the run, reported by the first violation of the run. */
    private void found(Violation v) {
        for (Violation x : violations) if (x.kind().equals(v.kind())) {
            if (v.fatal() && outcome == null) outcome = new Outcome.Violated(violations.get(0));
            return;
        }
        violations.add(v);
        if (v.fatal() && outcome == null) outcome = new Outcome.Violated(violations.get(0));
    }

    public RunResult result() {
        String text = null;
        if (tracing) {
            trace.append("# ").append(outcome == null ? "running" : outcome.label()).append(" after ").append(step).append(" deliveries\n");
            text = trace.toString();
        }
        List<RunResult.OpTime> times = new ArrayList<>(opTimes);
        for (Program.TaskInfo t : program.tasks()) {
            for (RunState.OpRun op : state.ops(t.addr())) times.add(new RunResult.OpTime(op.name, t.group(), step - op.begin, false));
        }
        return new RunResult(program.scenario(), program.variant(), strategy.name(), seed, outcome, step, schedule, text,
            lockOrder.edges(), times, List.copyOf(violations), lockStat == null ? List.of() : lockStat.result());
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

    /** The strategy's pick among the pending messages, recorded like every other choice. */
    private int chooseDelivery() {
        int n = pending.size();
        if (n <= 1) return 0;
        int v = strategy.chooseDelivery(pending);
        if (v < 0 || v >= n) throw new IllegalStateException(strategy.name() + " chose " + v + " of " + n);
        schedule.add(ChoiceKind.DELIVERY, n, v);
        return v;
    }

    // ---- bookkeeping ---------------------------------------------------------------------------

    private void event(Event e) {
        if (e instanceof Event.OpEnd end) {
            for (RunState.OpRun op : state.ops(end.task())) {
                if (op.name.equals(end.op())) {
                    opTimes.add(new RunResult.OpTime(op.name, program.tasks().get(end.task()).group(), step - op.begin, true));
                    break;
                }
            }
        }
        if (lockStat != null) lockStat.event(e, step);
        state.apply(e);
        if (outcome != null) return;
        if (e instanceof Event.AssertFailed a) {
            found(new Violation.AssertFailure(program.name(a.task()), a.message(), a.site().where(), a.site().stack("  ")));
        } else if (e instanceof Event.ModelFault f) {
            outcome = new Outcome.ModelFault(program.name(f.task()), f.message(), f.pos() == null ? "?" : f.pos().toString());
        } else {
            for (Oracle o : eventOracles) {
                Violation v = o.onEvent(e, state);
                if (v != null) found(v);
            }
        }
    }

    /** The site a request was made at, for the reports' causal steps; null for replies and pool messages. */
    private static dev.pagerace.model.Site siteOf(Msg m) {
        if (m instanceof Msg.LockReq r) return r.site();
        if (m instanceof Msg.SlotReq r) return r.site();
        if (m instanceof Msg.InodeReq r) return r.site();
        if (m instanceof Msg.WaitqReq r) return r.site();
        return null;
    }

    private void traceLine(Envelope env, Effects fx) {
        String object;
        if (env.msg() instanceof Msg.Reply r) object = program.name(r.from());
        else if (env.msg() instanceof Msg.Woken w) object = program.name(w.queue());
        else object = program.name(env.to());
        trace.append(String.format("#%-6d %-14s %-18s %-22s %s%n", step, program.name(env.task()), env.msg().label(), object, fx.outcome()));
    }
}
