package dev.pagerace.cli;

import dev.pagerace.lang.Compiler;
import dev.pagerace.lang.Loader;
import dev.pagerace.lang.Scenario;
import dev.pagerace.lang.ScenarioException;
import dev.pagerace.program.Program;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** Loading and compiling a scenario for a command, with errors printed the one way. */
final class Scenarios {
    private Scenarios() {}

    /** Thrown after the message is printed: the command exits 2. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;
        BadInput() { super(null, null, false, false); }
    }

    record Loaded(Scenario scenario, Map<String, Program> programs) {
        Program variant(String name, PrintWriter err) throws BadInput {
            if (name == null) {
                if (programs.size() == 1) return programs.values().iterator().next();
                err.println("pagerace: " + scenario.main().displayName() + " has several variants; choose one with --variant ("
                    + String.join(", ", programs.keySet()) + ")");
                throw new BadInput();
            }
            Program p = programs.get(name);
            if (p == null) {
                err.println("pagerace: " + scenario.main().displayName() + " has no variant '" + name + "' (variants: "
                    + String.join(", ", programs.keySet()) + ")");
                throw new BadInput();
            }
            return p;
        }
    }

    static Loaded load(Path file, PrintWriter err) throws BadInput {
        try {
            Scenario s = Loader.load(file);
            return new Loaded(s, Compiler.compileAll(s));
        } catch (ScenarioException e) {
            err.println(e.render());
            int n = e.diagnostics().size();
            err.println(n + " error" + (n == 1 ? "" : "s") + "; nothing was run.");
            throw new BadInput();
        }
    }
}
