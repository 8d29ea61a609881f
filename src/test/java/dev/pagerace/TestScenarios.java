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
