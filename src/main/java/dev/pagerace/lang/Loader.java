package dev.pagerace.lang;

import dev.pagerace.lang.Ast.*;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads a scenario file and the files it imports. Imports are relative to the
 * importing file; a library file may hold only paths, locks, wait queues,
 * fields and further imports. Only {@code .kp} text is ever read: a scenario
 * cannot load or run Java code.
 */
public final class Loader {
    private final Deque<Path> stack = new ArrayDeque<>();
    private final List<Diagnostic> diags = new ArrayList<>();

    private Loader() {}

    public static Scenario load(Path file) throws ScenarioException {
        Path abs = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(abs, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Source none = Source.of(file.toString(), abs, "");
            throw new ScenarioException(new Pos(none, 1, 1), "cannot read scenario file: " + reason(e));
        }
        return fromText(displayName(abs), abs, text);
    }

    /** Loads from text already in memory (a file's contents shipped to another node, or a test). */
    public static Scenario fromText(String displayName, Path path, String text) throws ScenarioException {
        Loader l = new Loader();
        Source src = Source.of(displayName, path.toAbsolutePath().normalize(), text);
        l.stack.push(src.path());
        List<Item> items = Parser.parse(src);
        ScenarioDecl decl = null;
        List<Item> base = new ArrayList<>();
        List<VariantDecl> variants = new ArrayList<>();
        List<ExpectDecl> expects = new ArrayList<>();
        for (Item it : items) {
            if (it instanceof ScenarioDecl s) {
                if (decl != null) l.diags.add(new Diagnostic(s.pos(), "second 'scenario' line (first at " + decl.pos().where() + ")"));
                decl = s;
            } else if (it instanceof ImportDecl imp) {
                base.addAll(l.importFile(src, imp));
            } else if (it instanceof VariantDecl v) {
                List<Item> own = new ArrayList<>();
                for (Item vi : v.items()) {
                    if (vi instanceof ImportDecl imp) own.addAll(l.importFile(src, imp));
                    else own.add(vi);
                }
                variants.add(new VariantDecl(v.pos(), v.name(), own));
            } else if (it instanceof ExpectDecl e) {
                expects.add(e);
            } else {
                base.add(it);
            }
        }
        if (!l.diags.isEmpty()) throw new ScenarioException(l.diags);
        String name = decl == null ? stripExt(src.path().getFileName().toString()) : decl.name();
        String title = decl == null ? "" : decl.title();
        return new Scenario(src, name, title, base, variants, expects);
    }

    private List<Item> importFile(Source from, ImportDecl imp) {
        Path target = from.path().getParent().resolve(imp.file()).normalize();
        if (stack.contains(target)) {
            List<String> chain = new ArrayList<>();
            for (var it = stack.descendingIterator(); it.hasNext(); ) chain.add(displayName(it.next()));
            chain.add(displayName(target));
            diags.add(new Diagnostic(imp.pos(), "import cycle: " + String.join(" -> ", chain)));
            return List.of();
        }
        String text;
        try {
            text = Files.readString(target, StandardCharsets.UTF_8);
        } catch (IOException e) {
            diags.add(new Diagnostic(imp.pos(), "cannot import \"" + imp.file() + "\": " + reason(e)));
            return List.of();
        }
        Source src = Source.of(displayName(target), target, text);
        List<Item> parsed;
        try {
            parsed = Parser.parse(src);
        } catch (ScenarioException e) {
            diags.addAll(e.diagnostics());
            return List.of();
        }
        stack.push(target);
        List<Item> out = new ArrayList<>();
        for (Item it : parsed) {
            if (it instanceof ImportDecl nested) {
                out.addAll(importFile(src, nested));
            } else if (it instanceof PathDecl || it instanceof LockDecl || it instanceof WaitqDecl || it instanceof FieldDecl) {
                out.add(it);
            } else {
                diags.add(new Diagnostic(it.pos(), "an imported file may hold only paths, locks, wait queues, fields and imports"));
            }
        }
        stack.pop();
        return out;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The path relative to the working directory when below it, so reports read the same everywhere. */
    static String displayName(Path abs) {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (abs.startsWith(cwd)) return cwd.relativize(abs).toString().replace('\\', '/');
        return abs.toString();
    }

    private static String stripExt(String f) {
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
