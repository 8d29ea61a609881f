package dev.pagerace.engine;

import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.ModelObject;
import dev.pagerace.program.Program;

/**
 * Runs a whole run on the calling thread, calling the pure cores directly with
 * no actors: the reference the actor engine must match trace for trace, and
 * the speed limit it is measured against.
 */
public final class PureRunner {
    private PureRunner() {}

    public static RunResult run(Program program, Strategy strategy, long seed, boolean tracing) {
        RunCore core = new RunCore(program, strategy, seed, tracing);
        ModelObject[] objects = RunCore.createObjects(program);
        Envelope env;
        Effects fx = new Effects(tracing); // one for the whole run: each answer is applied before the next delivery
        while ((env = core.next()) != null) {
            fx.clear();
            objects[env.to()].deliver(env, core, fx);
            core.apply(env, fx);
        }
        return core.result();
    }
}
