package dev.pagerace.cli;

import dev.pagerace.engine.ActorEngine;
import dev.pagerace.engine.Engine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The actor engine, started on a thread of its own as soon as a command
 * knows it will need it, so that the actor system comes up while the
 * scenario is parsed and compiled (start-up is mostly class loading, and it
 * does not depend on the scenario). Whoever does not {@link #take} it
 * (bad input, a strategy that needs no engine) closes it: the system is
 * then waited for and terminated, so nothing of it outlives the command.
 *
 * <p>For {@code run}, the most common command and the one whose start-up a
 * user waits on, {@link Main} starts it before the command line is even
 * parsed (building picocli's model of the commands takes a few hundred
 * milliseconds of a cold JVM): {@link #prestart}. The command then takes
 * that one; if the guess was wrong (the options name another engine), the
 * command or {@link Main} closes it.
 */
final class EarlyEngine implements AutoCloseable {
    /** The engine {@link Main} started before parsing, not yet claimed by a command; null if none. */
    private static final AtomicReference<EarlyEngine> PRESTARTED = new AtomicReference<>();

    private final CompletableFuture<Engine> started = new CompletableFuture<>();
    private boolean taken;

    private EarlyEngine() {
        Thread t = new Thread(() -> {
            try {
                started.complete(ActorEngine.start());
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "pagerace-engine-start");
        t.setDaemon(true);
        t.start();
    }

    /** Starts the actor engine now, for the command about to be parsed to claim with {@link #startIfActors}. */
    static void prestart() {
        if (PRESTARTED.get() != null) return;
        EarlyEngine e = new EarlyEngine();
        if (!PRESTARTED.compareAndSet(null, e)) e.close();
    }

    /**
     * The actor engine started in the background for {@code --engine actors} (the pre-started one if there is
     * one); null for another engine (started when needed), and then a pre-started engine is closed.
     */
    static EarlyEngine startIfActors(String engine) {
        EarlyEngine pre = PRESTARTED.getAndSet(null);
        if (!"actors".equals(engine)) {
            if (pre != null) pre.close();
            return null;
        }
        return pre != null ? pre : new EarlyEngine();
    }

    /** Whether an engine started before parsing still waits for a command (tests: none should, after a command). */
    static boolean hasPrestarted() {
        return PRESTARTED.get() != null;
    }

    /** Closes a pre-started engine that no command claimed (the command failed to parse, or ran without an engine). */
    static void discardPrestarted() {
        EarlyEngine pre = PRESTARTED.getAndSet(null);
        if (pre != null) pre.close();
    }

    /** The started engine, now the caller's to close; what starting it threw, as it would have been thrown in line. */
    Engine take() {
        taken = true;
        return ActorEngine.joined(started);
    }

    /** Terminates the engine if no one took it (it was not needed after all). */
    @Override public void close() {
        if (taken) return;
        taken = true;
        Engine e;
        try {
            e = started.join();
        } catch (RuntimeException ex) {
            return; // it never started: nothing to terminate
        }
        e.close();
    }
}
