package dev.pagerace.engine;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.pagerace.program.Program;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Runs runs as trees of Akka Typed actors in a local actor system: a
 * guardian pool ({@link RunPool}) hands each run to a {@link RunActor}, and
 * many runs proceed in parallel on the dispatcher's threads.
 */
public final class ActorEngine implements Engine {
    /** Runs end by themselves (max_steps); this only bounds a hung system. */
    private static final Duration RUN_TIMEOUT = Duration.ofHours(1);

    /** Asks the guardian to start a run. */
    public record StartRun(Program program, Strategy strategy, long seed, boolean tracing, ActorRef<RunResult> replyTo) implements RunPool.Msg {}

    /** The runs' dispatcher (reference.conf, {@code pagerace.run-dispatcher}): one thread per core. */
    static final akka.actor.typed.Props RUN_DISPATCHER = akka.actor.typed.DispatcherSelector.fromConfig("pagerace.run-dispatcher");

    /** Run actors in the pool: enough to keep every core busy while a run actor waits for its object's answer. */
    static int poolSize() { return 4 * Runtime.getRuntime().availableProcessors(); }

    private final ActorSystem<?> system;
    private final ActorRef<StartRun> runs;
    private final boolean ownsSystem;

    private ActorEngine(ActorSystem<?> system, ActorRef<StartRun> runs, boolean ownsSystem) {
        this.system = system;
        this.runs = runs;
        this.ownsSystem = ownsSystem;
    }

    /** An engine inside an existing actor system (a cluster node): its runs live under a system actor. */
    public static ActorEngine on(ActorSystem<?> system) {
        ActorRef<RunPool.Msg> runs = system.systemActorOf(guardian(), "pagerace-runs", RUN_DISPATCHER);
        return new ActorEngine(system, runs.narrow(), false);
    }

    /**
     * What a local run system changes in Akka's reference configuration.
     * Nothing of a local run crosses a process boundary and nothing uses the
     * receptionist or streams, yet the cluster modules on the class path add
     * their serializers (cluster, sharding, distributed data, remoting,
     * streams: about 370 classes, all instantiated at start) and library
     * extensions (the typed receptionist, the stream materializer). A run
     * system keeps Akka's own serializers only (Java serialization stays
     * off) and loads the serialization extension on first use, if ever.
     * Cluster nodes ({@link #on}) keep the full configuration.
     */
    static final String LOCAL = """
        akka.actor.provider = local
        akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
        akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
        akka.stdout-loglevel = OFF
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        akka.library-extensions = []
        akka.actor.typed.library-extensions = []
        akka.actor.allow-java-serialization = off
        akka.actor.serializers {
          java = "akka.serialization.JavaSerializer"
          bytes = "akka.serialization.ByteArraySerializer"
          primitive-long = "akka.serialization.LongSerializer"
          primitive-int = "akka.serialization.IntSerializer"
          primitive-string = "akka.serialization.StringSerializer"
          primitive-boolean = "akka.serialization.BooleanSerializer"
        }
        akka.actor.serialization-bindings {
          "[B" = bytes
          "java.io.Serializable" = java
          "java.lang.String" = primitive-string
          "java.lang.Long" = primitive-long
          "java.lang.Integer" = primitive-int
          "java.lang.Boolean" = primitive-boolean
        }
        """;

    /** The configuration of a local run system: {@link #LOCAL} over Akka's, whose serializer lists it replaces. */
    public static Config localConfig() {
        Config akka = ConfigFactory.load();
        return ConfigFactory.parseString(LOCAL)
            .withFallback(akka.withoutPath("akka.actor.serializers").withoutPath("akka.actor.serialization-bindings"))
            .resolve();
    }

    /** A local actor system of its own (no remoting: nothing listens on the network). */
    public static ActorEngine start() {
        // initialise logging before Akka's threads do, or SLF4J prints a replay warning
        org.slf4j.LoggerFactory.getLogger(ActorEngine.class);
        // the pool is spawned on the runs' dispatcher, under a guardian that only keeps it
        ActorSystem<RunPool.Msg> sys = ActorSystem.create(akka.actor.typed.javadsl.Behaviors.setup(ctx -> {
            ActorRef<RunPool.Msg> pool = ctx.spawn(guardian(), "pagerace-runs", RUN_DISPATCHER);
            return akka.actor.typed.javadsl.Behaviors.receiveMessage(m -> {
                pool.tell(m);
                return akka.actor.typed.javadsl.Behaviors.same();
            });
        }), "pagerace", localConfig());
        return new ActorEngine(sys, sys.narrow(), true);
    }

    /** The pool that runs runs; usable inside another actor system (a cluster node). */
    static Behavior<RunPool.Msg> guardian() {
        return RunPool.create(poolSize());
    }

    public ActorSystem<?> system() { return system; }

    @Override public String name() { return "actors"; }

    public CompletionStage<RunResult> runAsync(Program program, Strategy strategy, long seed, boolean tracing) {
        return AskPattern.ask(runs, (ActorRef<RunResult> replyTo) -> new StartRun(program, strategy, seed, tracing, replyTo),
            RUN_TIMEOUT, system.scheduler());
    }

    /**
     * Runs seeds {@code first .. first+count-1} without blocking the caller:
     * for actors (a batch entity) that must not wait on a future.
     */
    public CompletionStage<List<RunResult>> runManyAsync(Program program, LongFunction<Strategy> strategies, long first, int count) {
        List<CompletableFuture<RunResult>> fs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fs.add(runAsync(program, strategies.apply(first + i), first + i, false).toCompletableFuture());
        }
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).thenApply(v -> {
            List<RunResult> out = new ArrayList<>(count);
            for (CompletableFuture<RunResult> f : fs) out.add(f.join());
            return out;
        });
    }

    @Override public RunResult run(Program program, Strategy strategy, long seed, boolean tracing) {
        return await(runAsync(program, strategy, seed, tracing).toCompletableFuture());
    }

    @Override public List<RunResult> runMany(Program program, LongFunction<Strategy> strategies, long first, int count,
                                             boolean tracing, Consumer<RunResult> onResult) {
        // as many runs in flight as the pool has run actors: every core busy, memory bounded, no run queued in the pool
        int window = poolSize();
        List<CompletableFuture<RunResult>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i >= window) await(futures.get(i - window));
            long seed = first + i;
            CompletableFuture<RunResult> f = runAsync(program, strategies.apply(seed), seed, tracing).toCompletableFuture();
            if (onResult != null) {
                f = f.thenApply(r -> {
                    synchronized (this) {
                        onResult.accept(r);
                    }
                    return r;
                });
            }
            futures.add(f);
        }
        List<RunResult> out = new ArrayList<>(count);
        for (CompletableFuture<RunResult> f : futures) out.add(await(f));
        return out;
    }

    private static RunResult await(CompletableFuture<RunResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a run", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("run failed: " + e.getCause(), e.getCause());
        }
    }

    @Override public void close() {
        if (ownsSystem) terminate(system);
    }

    @Override public void closeSoon() {
        if (ownsSystem) system.terminate();
    }

    /** Terminates an actor system and waits until it is gone. */
    public static void terminate(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // terminating anyway
        }
    }
}
