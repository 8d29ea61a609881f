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

    /**
     * Asks the guardian for runs of seeds {@code first .. first+count-1}, answered
     * all at once, in seed order; {@code onResult} (may be null) sees each run as
     * it ends. One request for a batch, where one ask per run cost short runs
     * more than the runs themselves (a temporary actor, a timeout and a future
     * each, and a wake-up of the caller's thread).
     */
    record StartRuns(Program program, LongFunction<Strategy> strategies, long first, int count, boolean tracing,
                     Consumer<RunResult> onResult, ActorRef<List<RunResult>> replyTo) implements RunPool.Msg {}

    /** The runs' dispatcher (reference.conf, {@code pagerace.run-dispatcher}): one thread per core. */
    static final akka.actor.typed.Props RUN_DISPATCHER = akka.actor.typed.DispatcherSelector.fromConfig("pagerace.run-dispatcher");

    /** Run actors in the pool: enough to keep every core busy while a run actor waits for its object's answer. */
    static int poolSize() { return 4 * Runtime.getRuntime().availableProcessors(); }

    private final ActorSystem<?> system;
    private final ActorRef<RunPool.Msg> runs;
    private final boolean ownsSystem;

    private ActorEngine(ActorSystem<?> system, ActorRef<RunPool.Msg> runs, boolean ownsSystem) {
        this.system = system;
        this.runs = runs;
        this.ownsSystem = ownsSystem;
    }

    /** An engine inside an existing actor system (a cluster node): its runs live under a system actor. */
    public static ActorEngine on(ActorSystem<?> system) {
        ActorRef<RunPool.Msg> runs = system.systemActorOf(guardian(), "pagerace-runs", RUN_DISPATCHER);
        return new ActorEngine(system, runs, false);
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

    /**
     * Akka's reference configuration as a local run system needs it: akka-actor's and akka-actor-typed's own
     * files (copied from their jars by the build, so they match the Akka on the class path) and the run
     * dispatcher. The merged reference.conf of every Akka module (230 KB, most of it cluster, remoting and
     * streams, which a local system never reads) took a sixth of a cold {@code run} to parse. Null when the
     * copies are missing (a build that skipped the copy): then the merged one serves.
     */
    private static Config leanReference() {
        ClassLoader cl = ActorEngine.class.getClassLoader();
        String[] parts = {"pagerace/akka-reference/akka-actor-typed/reference.conf", "pagerace/akka-reference/akka-actor/reference.conf",
            "pagerace/run-dispatcher.conf"};
        Config ref = ConfigFactory.empty();
        for (String part : parts) {
            if (cl.getResource(part) == null) return null;
            ref = ref.withFallback(ConfigFactory.parseResources(cl, part));
        }
        return ref;
    }

    /**
     * The configuration of a local run system: {@link #LOCAL} over what {@code ConfigFactory.load()} gives
     * (system properties, an application.conf, the reference), whose serializer lists it replaces.
     */
    public static Config localConfig() {
        Config lean = leanReference();
        Config reference = lean != null ? lean : ConfigFactory.defaultReference();
        return overLocal(ConfigFactory.defaultOverrides().withFallback(ConfigFactory.defaultApplication()).withFallback(reference));
    }

    /** {@link #localConfig} as it was made from the merged reference of every module (tests: the lean one agrees with it). */
    static Config localConfigFromMergedReference() {
        return overLocal(ConfigFactory.load());
    }

    /** {@link #LOCAL} over {@code loaded}, less the serializer lists it replaces, resolved. */
    private static Config overLocal(Config loaded) {
        return ConfigFactory.parseString(LOCAL)
            .withFallback(loaded.withoutPath("akka.actor.serializers").withoutPath("akka.actor.serialization-bindings"))
            .resolve();
    }

    /** A local actor system of its own (no remoting: nothing listens on the network). */
    public static ActorEngine start() {
        // the configuration is read on a thread of its own while logging starts here: on a cold JVM each is a tenth
        // of a second or more of class loading and parsing, and they do not depend on each other
        CompletableFuture<Config> config = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                config.complete(localConfig());
            } catch (Throwable t) {
                config.completeExceptionally(t);
            }
        }, "pagerace-config");
        reader.setDaemon(true);
        reader.start();
        // initialise logging before Akka's threads do, or SLF4J prints a replay warning
        org.slf4j.LoggerFactory.getLogger(ActorEngine.class);
        // the pool is spawned on the runs' dispatcher, under a guardian that only keeps it
        ActorSystem<RunPool.Msg> sys = ActorSystem.create(akka.actor.typed.javadsl.Behaviors.setup(ctx -> {
            ActorRef<RunPool.Msg> pool = ctx.spawn(guardian(), "pagerace-runs", RUN_DISPATCHER);
            return akka.actor.typed.javadsl.Behaviors.receiveMessage(m -> {
                pool.tell(m);
                return akka.actor.typed.javadsl.Behaviors.same();
            });
        }), "pagerace", joined(config));
        return new ActorEngine(sys, sys, true);
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
        return runManyAsync(program, strategies, first, count, false, null);
    }

    private CompletionStage<List<RunResult>> runManyAsync(Program program, LongFunction<Strategy> strategies, long first, int count,
                                                          boolean tracing, Consumer<RunResult> onResult) {
        if (count <= 0) return CompletableFuture.completedFuture(List.of());
        // the bound on a hung system grows with the batch: the pool runs at most poolSize() of its runs at a time
        Duration timeout = RUN_TIMEOUT.multipliedBy(Math.max(1, (count + poolSize() - 1) / poolSize()));
        return AskPattern.ask(runs, (ActorRef<List<RunResult>> replyTo) -> new StartRuns(program, strategies, first, count, tracing, onResult, replyTo),
            timeout, system.scheduler());
    }

    @Override public RunResult run(Program program, Strategy strategy, long seed, boolean tracing) {
        return await(runAsync(program, strategy, seed, tracing).toCompletableFuture());
    }

    @Override public List<RunResult> runMany(Program program, LongFunction<Strategy> strategies, long first, int count,
                                             boolean tracing, Consumer<RunResult> onResult) {
        // the pool keeps every core busy and bounds the runs in flight (its size); the batch waits in it, not here
        return await(runManyAsync(program, strategies, first, count, tracing, onResult).toCompletableFuture());
    }

    /** What {@code f} completed with; what it failed with, thrown as if in line (for work started on another thread). */
    public static <T> T joined(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
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
