package dev.pagerace.lang;

import dev.pagerace.lang.Ast.*;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /** Where imported files come from: the file system, or a bundle shipped to another node. */
    public interface Files {
        String read(Path absolute) throws IOException;
    }

    /** Every file a load read, by display name, in the order read (the main file first). */
    public static final class Read {
        private final java.util.Map<String, String> files = new java.util.LinkedHashMap<>();

        /** Where each file was read from, by display name (absolute): a bundle keys its files by their place relative to the main file. */
        private final java.util.Map<String, Path> paths = new java.util.LinkedHashMap<>();

        public java.util.Map<String, String> files() { return files; }

        public java.util.Map<String, Path> paths() { return paths; }
    }

    /** The largest scenario or imported file read (bytes): far above any protocol, far below harm. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /**
     * Reads a regular file of at most {@link #MAX_FILE_BYTES}: never a FIFO,
     * a device or a directory, which could block or fill memory.
     */
    private static final Files DISK = p -> {
        if (!java.nio.file.Files.isRegularFile(p)) {
            if (!java.nio.file.Files.exists(p)) throw new java.nio.file.NoSuchFileException(p.toString());
            throw new IOException("not a regular file");
        }
        long size = java.nio.file.Files.size(p);
        if (size > MAX_FILE_BYTES) throw new IOException("the file has " + size + " bytes, more than the limit of " + MAX_FILE_BYTES);
        byte[] bytes;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(p)) {
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1); // the file may have grown since it was measured
        }
        if (bytes.length > MAX_FILE_BYTES) throw new IOException("the file has more than the limit of " + MAX_FILE_BYTES + " bytes");
        return decode(bytes);
    };

    /** Invalid UTF-8 in a file: where the first bad byte is, as a line, a column and a byte offset. */
    public static final class BadEncoding extends IOException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int col;
        final long offset;
        final String text;

        BadEncoding(int line, int col, long offset, String text) {
            super("invalid UTF-8 at byte offset " + offset);
            this.line = line;
            this.col = col;
            this.offset = offset;
            this.text = text;
        }
    }

    /**
     * Decodes UTF-8 strictly. A malformed sequence is reported at the line
     * and column where it stands (counted in the characters before it) and
     * its byte offset, rather than replaced or reported at 1:1.
     */
    static String decode(byte[] bytes) throws BadEncoding {
        java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) r = dec.flush(out);
        out.flip();
        String text = out.toString();
        if (!r.isError()) return text;
        int line = 1, lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        // columns count characters as Source shows them: a byte order mark on line 1 is not one of them
        int col = text.length() - lineStart + 1 - (line == 1 && text.startsWith(Source.BOM) ? 1 : 0);
        throw new BadEncoding(line, col, in.position(), text);
    }

    /** The diagnostic of a file that could not be read: at the bad byte for invalid UTF-8, else at 1:1. */
    private static Diagnostic unreadable(String displayName, Path path, IOException e, String what) {
        if (e instanceof BadEncoding b) {
            // the lines before the bad byte are shown as read, so the caret lands under it
            Source partial = Source.of(displayName, path, b.text);
            return new Diagnostic(new Pos(partial, b.line, b.col), what + "invalid UTF-8 at byte offset " + b.offset + " (scenario files are UTF-8 text)");
        }
        return new Diagnostic(new Pos(Source.of(displayName, path, ""), 1, 1), what + reason(e));
    }

    private final Deque<Path> stack = new ArrayDeque<>();
    private final List<Diagnostic> diags = new ArrayList<>();
    private final Files files;
    private final Read read;

    private Loader(Files files, Read read) {
        this.files = files;
        this.read = read;
    }

    public static Scenario load(Path file) throws ScenarioException {
        return load(file, new Read());
    }

    /** Loads a file from disk and records every file read in {@code read}. */
    public static Scenario load(Path file, Read read) throws ScenarioException {
        Path abs;
        try {
            abs = file.toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ScenarioException(new Pos(Source.of("?", Path.of(""), ""), 1, 1), "cannot read scenario file: bad path: " + e.getReason());
        }
        String text;
        try {
            text = DISK.read(abs);
        } catch (IOException e) {
            throw new ScenarioException(List.of(unreadable(file.toString(), abs, e, "cannot read scenario file: ")));
        }
        return load(displayName(abs), abs, text, DISK, read);
    }

    /** Loads from text already in memory (a test); imports are read from disk. */
    public static Scenario fromText(String displayName, Path path, String text) throws ScenarioException {
        return load(displayName, path, text, DISK, new Read());
    }

    /**
     * Loads a scenario from a bundle of files by display name (as recorded by
     * {@link Read}), the way another node loads what the driver read: the same
     * names, the same text, so positions and traces are identical.
     */
    public static Scenario fromBundle(String mainName, java.util.Map<String, String> bundle) throws ScenarioException {
        java.util.Map<String, String> places = new java.util.LinkedHashMap<>();
        for (String n : bundle.keySet()) places.put(n, n);
        return fromBundle(mainName, bundle, places);
    }

    /**
     * As above, with each file's place relative to the main file's directory
     * ({@code ../actors/shmem.kp}): imports are resolved against these places,
     * so they are found whatever directory the driver ran in, while reports
     * keep the driver's display names.
     */
    public static Scenario fromBundle(String mainName, java.util.Map<String, String> bundle, java.util.Map<String, String> places)
            throws ScenarioException {
        // deep enough that every "../" of a place stays below the root
        int up = 0;
        for (String place : places.values()) {
            int n = 0;
            for (Path seg : Path.of(place).normalize()) if (seg.toString().equals("..")) n++;
            up = Math.max(up, n);
        }
        Path root = Path.of("/pagerace-bundle");
        Path base = root;
        for (int i = 0; i < up; i++) base = base.resolve("d" + i);
        java.util.Map<Path, String> byPath = new java.util.HashMap<>();
        for (var e : places.entrySet()) byPath.put(base.resolve(e.getValue()).normalize(), e.getKey());
        Files inBundle = p -> {
            String name = byPath.get(p);
            String text = name == null ? null : bundle.get(name);
            if (text == null) throw new java.nio.file.NoSuchFileException(p.toString());
            return text;
        };
        String main = bundle.get(mainName);
        if (main == null) throw new ScenarioException(new Pos(Source.of(mainName, root, ""), 1, 1), "the bundle has no file " + mainName);
        Path mainPath = base.resolve(places.getOrDefault(mainName, mainName)).normalize();
        return load(mainName, mainPath, main, inBundle, new Read(), root, byPath);
    }

    private static Scenario load(String displayName, Path path, String text, Files files, Read read) throws ScenarioException {
        return load(displayName, path, text, files, read, null, null);
    }

    private Path bundleRoot;
    /** In a bundle: the driver's display name of each file, by its place under the bundle root. */
    private java.util.Map<Path, String> bundleNames;

    private static Scenario load(String displayName, Path path, String text, Files files, Read read, Path bundleRoot,
                                 java.util.Map<Path, String> bundleNames) throws ScenarioException {
        Loader l = new Loader(files, read);
        l.bundleRoot = bundleRoot;
        l.bundleNames = bundleNames;
        if (files == DISK) {
            Path dir = path.toAbsolutePath().normalize().getParent();
            List<Path> roots = new ArrayList<>(List.of(dir));
            for (Path up = dir.getParent(); up != null; up = up.getParent()) {
                if (java.nio.file.Files.isDirectory(up.resolve("actors"))) {
                    roots.add(up.resolve("actors"));
                    break;
                }
            }
            l.importRoots = roots;
        }
        read.files.put(displayName, text);
        read.paths.put(displayName, path.toAbsolutePath().normalize());
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

    /**
     * Where a scenario read from disk may import from: its own directory and
     * below, and the {@code actors/} directory of the nearest directory above
     * it that has one (the project layout: scenarios/ next to actors/). Scenario files are shared
     * between developers and run on cluster nodes, so an import never reads
     * anything else: no /etc/passwd in an error message, no device, no FIFO.
     */
    private List<Path> importRoots;

    private Path importTarget(Source from, ImportDecl imp) {
        if (imp.file().indexOf('\0') >= 0 || !imp.file().endsWith(".kp")) {
            diags.add(new Diagnostic(imp.pos(), "cannot import \"" + imp.file().replace("\0", "\\0") + "\": an import names a .kp file"));
            return null;
        }
        Path target;
        try {
            target = from.path().getParent().resolve(imp.file()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            diags.add(new Diagnostic(imp.pos(), "cannot import \"" + imp.file() + "\": bad path"));
            return null;
        }
        if (bundleRoot != null || importRoots == null) return target;
        Path real = target;
        try {
            if (java.nio.file.Files.exists(target)) real = target.toRealPath(); // a link may not lead out of the tree
        } catch (IOException e) {
            // judged by its name
        }
        for (Path root : importRoots) if (target.startsWith(root) && real.startsWith(realOf(root))) return target;
        diags.add(new Diagnostic(imp.pos(), "cannot import \"" + imp.file() + "\": outside the scenario's directory ("
            + name(importRoots.get(0)) + ")" + (importRoots.size() > 1 ? " and " + name(importRoots.get(1)) : "")));
        return null;
    }

    private static Path realOf(Path p) {
        try {
            return java.nio.file.Files.exists(p) ? p.toRealPath() : p;
        } catch (IOException e) {
            return p;
        }
    }

    private List<Item> importFile(Source from, ImportDecl imp) {
        Path target = importTarget(from, imp);
        if (target == null) return List.of();
        if (stack.contains(target)) {
            List<String> chain = new ArrayList<>();
            for (var it = stack.descendingIterator(); it.hasNext(); ) chain.add(name(it.next()));
            chain.add(name(target));
            diags.add(new Diagnostic(imp.pos(), "import cycle: " + String.join(" -> ", chain)));
            return List.of();
        }
        String text;
        try {
            text = files.read(target);
        } catch (BadEncoding e) {
            // the import line, and where in the imported file the bad byte is
            diags.add(new Diagnostic(imp.pos(), "cannot import \"" + imp.file() + "\": invalid UTF-8 at byte offset " + e.offset));
            diags.add(unreadable(name(target), target, e, ""));
            return List.of();
        } catch (IOException e) {
            diags.add(new Diagnostic(imp.pos(), "cannot import \"" + imp.file() + "\": " + reason(e)));
            return List.of();
        }
        Source src = Source.of(name(target), target, text);
        read.files.putIfAbsent(src.displayName(), text);
        read.paths.putIfAbsent(src.displayName(), target);
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

    private String name(Path abs) {
        if (bundleNames != null && bundleNames.containsKey(abs)) return bundleNames.get(abs);
        if (bundleRoot != null) return abs.startsWith(bundleRoot) ? bundleRoot.relativize(abs).toString().replace('\\', '/') : abs.toString();
        return displayName(abs);
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
