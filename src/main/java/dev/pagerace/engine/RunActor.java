package dev.pagerace.engine;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.ExtensibleBehavior;
import akka.actor.typed.Signal;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.ModelObject;
import dev.pagerace.program.Program;

/**
 * Runs runs, one at a time: an actor per object of the run, and one
 * delivery in flight, chosen by {@link RunCore}.
 *
 * <p>The run's scheduler travels with its delivery. An object actor hands
 * its effects to the run ({@link Run}, the delivery's {@link ModelActor.Next}),
 * which applies them, picks the next delivery and sends it straight to that
 * object's actor; the run actor starts the run, spawns an object's actor at
 * its first delivery, and ends the run. Each delivery is still applied
 * before the next is picked, so the order in which Akka's dispatcher runs
 * things never matters, and a run is one message per delivery instead of a
 * request and an answer through this actor (half the mailbox hops, which
 * were most of an actor run's cost: docs/PERFORMANCE.md).
 *
 * <p>In the engine's pool ({@link RunPool}) a run actor lives for many runs:
 * after a run it tells the pool it is free, and keeps its object actors for
 * the next run of the same program, binding each to the new run's core at
 * its first delivery (see {@link ModelActor}). A run of another program
 * stops them and spawns its own. Made with {@link #create} it runs one run
 * and stops.
 */
public final class RunActor extends ExtensibleBehavior<RunActor.Command> {
    public sealed interface Command {}

    /** Run this run next (from the pool). */
    record Begin(ActorEngine.StartRun run) implements Command {}

    /** The run needs this actor: it ended, or its next delivery goes to an object with no actor yet. */
    private record Back(Run run) implements Command {}

    /** The run's scheduler failed while an object actor held the run. */
    private record Failed(Run run, Throwable error) implements Command {}

    private final ActorContext<Command> ctx;
    /** This actor, as a run's other actors address it (they may not use {@link #ctx}, which is this actor's alone). */
    private final ActorRef<Command> self;
    private final ActorRef<RunPool.Msg> pool;

    // kept from run to run of one program
    private Program program;
    private ActorRef<ModelActor.Deliver>[] children;
    private int generation;

    /** A run actor for one run, which stops when the run ends. */
    public static Behavior<Command> create(Program program, Strategy strategy, long seed, boolean tracing, ActorRef<RunResult> replyTo) {
        return Behaviors.setup(ctx -> {
            RunActor a = new RunActor(ctx, null);
            ctx.getSelf().tell(new Begin(new ActorEngine.StartRun(program, strategy, seed, tracing, replyTo)));
            return a;
        });
    }

    /** A run actor of the pool: it reports to {@code pool} after each run. */
    static Behavior<Command> pooled(ActorRef<RunPool.Msg> pool) {
        return Behaviors.setup(ctx -> new RunActor(ctx, pool));
    }

    private RunActor(ActorContext<Command> ctx, ActorRef<RunPool.Msg> pool) {
        this.ctx = ctx;
        this.self = ctx.getSelf();
        this.pool = pool;
    }

    private static String childName(int generation, int addr, String name) {
        StringBuilder b = new StringBuilder("g").append(generation).append("-o").append(addr).append('-');
        for (char c : name.toCharArray()) b.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        return b.toString();
    }

    @Override public Behavior<Command> receive(TypedActorContext<Command> context, Command msg) {
        if (msg instanceof Back b) return back(b.run());
        if (msg instanceof Begin b) return begin(b.run());
        Failed f = (Failed) msg;
        return fail(f.run(), f.error());
    }

    @Override public Behavior<Command> receiveSignal(TypedActorContext<Command> context, Signal signal) {
        return Behaviors.unhandled();
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> begin(ActorEngine.StartRun s) {
        Run run;
        try {
            if (s.program() != program) {
                // another program: its objects are other objects; the old actors go (names carry the generation,
                // so the new ones never meet a name still being released)
                if (children != null) for (ActorRef<ModelActor.Deliver> c : children) if (c != null) ctx.stop(c);
                program = s.program();
                children = new ActorRef[program.objectCount()];
                generation++;
            }
            run = new Run(s);
        } catch (Throwable t) {
            // a run that cannot even be set up answers at once too, rather than never
            s.replyTo().tell(bare(s, new Outcome.ModelFault("?", "internal error starting the run: " + t, "?")));
            return finished();
        }
        try {
            run.current = run.core.next();
        } catch (Throwable t) {
            return fail(run, t);
        }
        return back(run);
    }

    /**
     * The run came back: it is over, or its next object gets its actor now; either way the run goes on from here.
     * Guarded like the scheduler's turns (see {@link #fail}): building the result or spawning can throw too.
     */
    private Behavior<Command> back(Run r) {
        try {
            Envelope next = r.current;
            if (next == null) {
                r.start.replyTo().tell(r.core.result());
                return finished();
            }
            int to = next.to();
            // an object's actor is spawned at its first delivery: a run of an inode with thousands of pages that
            // touches three of them spawns three slot actors, not thousands (its core exists from the start either
            // way, so the trace is the pure engine's)
            if (children[to] == null) {
                children[to] = ctx.spawn(ModelActor.create(r.objects[to]), childName(generation, to, program.name(to)),
                    DispatcherSelector.sameAsParent());
                r.bound[to] = true;
            }
            r.send();
            return this;
        } catch (Throwable t) {
            return fail(r, t);
        }
    }

    /**
     * Any Throwable from the scheduler (a strategy, an oracle, an Error) ends
     * the run now with an internal-error fault, and this actor with it (its
     * state is no longer trusted). Left to Akka, it would stop an actor
     * without an answer, and the run's caller (a batch) would wait for the
     * one-hour ask timeout.
     */
    private Behavior<Command> fail(Run r, Throwable t) {
        r.start.replyTo().tell(failed(r, t));
        return Behaviors.stopped();
    }

    /** The run so far, ended as a model fault that names the internal error. */
    private static RunResult failed(Run r, Throwable t) {
        Outcome fault = new Outcome.ModelFault(r.current == null ? "?" : r.start.program().name(r.current.task()),
            "internal error in the run: " + t, "?");
        try {
            RunResult res = r.core.result();
            return new RunResult(res.scenario(), res.variant(), res.strategy(), res.seed(), fault, res.steps(), res.schedule(), res.trace(),
                res.lockEdges(), res.opTimes(), res.violations(), res.lockUse());
        } catch (Throwable again) {
            // the core cannot even say where it was: the bare fault, with no schedule to replay
            return bare(r.start, fault);
        }
    }

    private static RunResult bare(ActorEngine.StartRun s, Outcome fault) {
        return new RunResult(s.program().scenario(), s.program().variant(), s.strategy().name(), s.seed(), fault, 0, new Schedule(), null,
            java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of());
    }

    /** The run is over: free for the next one in the pool, else done. */
    private Behavior<Command> finished() {
        if (pool == null) return Behaviors.stopped();
        pool.tell(new RunPool.Free(self));
        return this;
    }

    /**
     * One run's scheduling state, held by whichever actor of the run has its
     * one delivery: the run actor, or the object actor that handles it and
     * then calls {@link #delivered} on its own turn. Akka's message sends
     * order these turns, so no two threads ever touch a run at once.
     */
    private final class Run implements ModelActor.Next {
        final ActorEngine.StartRun start;
        final RunCore core;
        final ModelObject[] objects;
        /** Which objects' actors hold this run's core (the first delivery of a run to a kept actor binds it). */
        final boolean[] bound;
        /** The run's one answer object, lent to each delivery in turn (see {@link ModelActor.Deliver}). */
        final Effects answer;
        /** The delivery in flight, or (between turns) the next one; null once the run is over. */
        Envelope current;

        Run(ActorEngine.StartRun s) {
            this.start = s;
            this.core = new RunCore(s.program(), s.strategy(), s.seed(), s.tracing());
            this.objects = RunCore.createObjects(s.program());
            this.bound = new boolean[objects.length];
            this.answer = new Effects(s.tracing());
        }

        @Override public void delivered(Effects fx) {
            Envelope next;
            try {
                core.apply(current, fx);
                next = core.next();
            } catch (Throwable t) {
                self.tell(new Failed(this, t));
                return;
            }
            current = next;
            // the run actor's array of its object actors: it fills an entry before the run's first delivery there
            if (next == null || children[next.to()] == null) self.tell(new Back(this));
            else send();
        }

        /** Sends the current delivery to its object's actor, which exists. */
        void send() {
            int to = current.to();
            ModelObject bind = null;
            if (!bound[to]) {
                bind = objects[to];
                bound[to] = true;
            }
            children[to].tell(new ModelActor.Deliver(current, bind, core, answer, this));
        }
    }
}
