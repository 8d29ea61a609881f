package dev.pagerace.cli;

import dev.pagerace.engine.ActorEngine;
import dev.pagerace.engine.Engine;
import java.util.concurrent.CompletableFuture;

/**
 * The actor engine, started on a thread of its own as soon as a command
 * knows it will need it, so that the actor system comes up while the
 * scenario is parsed and compiled (start-up is mostly class loading, and it
 * does not depend on the scenario). Whoever does not {@link #take} it
 * (bad input, a strategy that needs no engine) closes it: the system is
 * then waited for and terminated, so nothing of it outlives the command.
 */
final class EarlyEngine implements AutoCloseable {
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

    /** The actor engine started in the background for {@code --engine actors}; null for another engine (started when needed). */
    static EarlyEngine startIfActors(String engine) {
        return "actors".equals(engine) ? new EarlyEngine() : null;
    }

    /** The started engine, now the caller's to close; what starting it threw, as it would have been thrown in line. */
    Engine take() {
        taken = true;
        try {
            return started.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
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
