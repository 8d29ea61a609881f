package dev.pagerace.cli;

import dev.pagerace.campaign.Sweep;
import dev.pagerace.lang.Compiler;
import dev.pagerace.lang.Loader;
import dev.pagerace.lang.Scenario;
import dev.pagerace.lang.ScenarioException;
import dev.pagerace.program.Program;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        return load(file, err, List.of());
    }

    /** As above, with task counts replaced by {@code --set TASK=N} options (a sweep point, rerun exactly). */
    static Loaded load(Path file, PrintWriter err, List<String> sets) throws BadInput {
        Map<String, Long> counts;
        try {
            counts = Sweep.parseSets(sets);
        } catch (IllegalArgumentException e) {
            err.println("pagerace: " + e.getMessage());
            throw new BadInput();
        }
        try {
            Scenario s = Loader.load(file);
            return new Loaded(s, Compiler.compileAll(s, counts));
        } catch (ScenarioException e) {
            throw errors(e, err);
        }
    }

    /** Prints every diagnostic as file:line:col with its line and caret; the command then exits 2. */
    static BadInput errors(ScenarioException e, PrintWriter err) {
        err.println(e.render());
        int n = e.diagnostics().size();
        err.println(n + " error" + (n == 1 ? "" : "s") + "; nothing was run.");
        return new BadInput();
    }

    /** The .kp files named, directories expanded (sorted); a missing path or no file at all is bad input. */
    static java.util.List<Path> files(java.util.List<Path> paths, PrintWriter err) throws java.io.IOException, BadInput {
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (Path p : paths) {
            if (java.nio.file.Files.isDirectory(p)) {
                try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".kp")).sorted().forEach(files::add);
                }
            } else if (java.nio.file.Files.exists(p)) {
                files.add(p);
            } else {
                err.println("pagerace: no such file or directory: " + p);
                throw new BadInput();
            }
        }
        if (files.isEmpty()) {
            err.println("pagerace: no .kp scenario files in " + paths);
            throw new BadInput();
        }
        // one file named twice (a.kp and ./a.kp, or a file and its directory) is one scenario: planned twice,
        // its batch ids would collide and each copy would count half its runs
        java.util.Set<Path> real = new java.util.HashSet<>();
        java.util.List<Path> once = new java.util.ArrayList<>();
        for (Path f : files) if (real.add(f.toRealPath())) once.add(f);
        return once;
    }

    /** The engine named, or null after saying on {@code err} that there is none: the caller exits with {@link Main#EXIT_BAD_INPUT}. */
    static dev.pagerace.engine.Engine engineOrNull(String name, PrintWriter err) {
        dev.pagerace.engine.Engine e = dev.pagerace.engine.Engine.named(name);
        if (e == null) err.println("pagerace: unknown engine '" + name + "' (actors, pure)");
        return e;
    }
}
