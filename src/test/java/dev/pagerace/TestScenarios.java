package dev.pagerace;

import dev.pagerace.lang.Compiler;
import dev.pagerace.lang.Loader;
import dev.pagerace.lang.Scenario;
import dev.pagerace.lang.ScenarioException;
import dev.pagerace.program.Program;
import java.nio.file.Path;
import java.util.Map;

/** Compiles scenario text for tests. */
public final class TestScenarios {
    private TestScenarios() {}

    /**
     * A waiter and a waker: {@code racy} checks the flag under i_lock but
     * drops it before it waits, so the wakeup can be lost (a stall);
     * {@code releasing} queues before it drops i_lock, as
     * prepare_to_wait() then the unlock does, and is correct.
     */
    public static final String WAKEUP = """
        inode x pages 1 backing swap
        field x.ready = 0
        waitq x.q
        task waker { yield ; lock x.i_lock ; x.ready = 1 ; wake_all x.q ; unlock x.i_lock }
        variant racy {
            task waiter { lock x.i_lock ; r = x.ready ; unlock x.i_lock ; if r == 0 { wait x.q } }
        }
        variant releasing {
            task waiter { lock x.i_lock ; if x.ready == 0 { wait x.q releasing x.i_lock } else { unlock x.i_lock } }
        }
        """;

    public static Map<String, Program> compile(String text) {
        try {
            Scenario s = Loader.fromText("t.kp", Path.of("t.kp"), text);
            return Compiler.compileAll(s);
        } catch (ScenarioException e) {
            throw new AssertionError("scenario did not compile:\n" + e.render(), e);
        }
    }

    public static Program compile(String text, String variant) {
        Program p = compile(text).get(variant);
        if (p == null) throw new AssertionError("no variant " + variant);
        return p;
    }

    /** The only (default) variant. */
    public static Program one(String text) {
        return compile(text, Scenario.DEFAULT_VARIANT);
    }

    public static Program file(String path, String variant) {
        try {
            Scenario s = Loader.load(Path.of(path));
            Program p = Compiler.compileAll(s).get(variant);
            if (p == null) throw new AssertionError("no variant " + variant + " in " + path);
            return p;
        } catch (ScenarioException e) {
            throw new AssertionError("scenario did not compile:\n" + e.render(), e);
        }
    }

    /** The first diagnostic's headline, or null if the text compiles. */
    public static String firstError(String text) {
        try {
            Compiler.compileAll(Loader.fromText("t.kp", Path.of("t.kp"), text));
            return null;
        } catch (ScenarioException e) {
            return e.diagnostics().get(0).headline();
        }
    }
}
