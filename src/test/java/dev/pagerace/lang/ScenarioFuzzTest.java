package dev.pagerace.lang;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.CliRun;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzzer of scenario files. Inputs are the project's own scenarios,
 * library files and test scenarios, mutated (bytes flipped, tokens deleted,
 * duplicated or swapped, lines spliced between files, deep nesting, huge
 * numbers, long names, random imports), and files generated from the
 * grammar. Each must end in clean {@code file:line:col} errors or compile
 * and run: never an exception, a stack overflow or an out-of-memory error.
 * Every run is bounded by a {@code max_steps} of {@link #RUN_STEPS}, so no
 * input can hang the test. A sample also goes through the command line,
 * which must exit 0, 1 or 2 and print no stack trace.
 *
 * <p>{@code -Dpagerace.fuzz.seed=S -Dpagerace.fuzz.files=N} reproduce or
 * extend a CI run; a failure names the case's seed and prints its input.
 */
class ScenarioFuzzTest {
    private static final long SEED = Long.getLong("pagerace.fuzz.seed", 20_261_122L);
    private static final int FILES = Integer.getInteger("pagerace.fuzz.files", 10_000);
    /** Deliveries each fuzzed variant runs at most. */
    static final int RUN_STEPS = 300;
    /** Every how many cases one also goes through the command line. */
    private static final int CLI_EVERY = 50;

    private static final Pattern HEADLINE = Pattern.compile("[^\\n]+:(\\d+):(\\d+): [^\\n]+");

    @TempDir Path dir;

    /** One input: its bytes, and the corpus file it came from (imports resolve from there). */
    record Case(String how, Path origin, byte[] bytes) {}

    @Test void tenThousandMutatedAndGeneratedFilesEndInCleanErrorsOrRuns() throws IOException {
        List<Path> corpusFiles = corpus();
        List<String> corpus = new ArrayList<>();
        for (Path p : corpusFiles) corpus.add(Files.readString(p));
        List<String> failures = new ArrayList<>();
        int compiled = 0, ran = 0, errors = 0, cli = 0;
        for (int i = 0; i < FILES && failures.size() < 5; i++) {
            long caseSeed = SEED * 1_000_003L + i;
            Random rnd = new Random(caseSeed);
            Case c;
            if (i % 4 == 3) {
                c = new Case("generated", corpusFiles.get(0), Generator.file(rnd).getBytes(StandardCharsets.UTF_8));
            } else {
                int f = rnd.nextInt(corpus.size());
                c = Mutator.mutate(rnd, corpusFiles.get(f), corpus.get(f), corpus);
            }
            String failure;
            try {
                Verdict v = check(c, caseSeed);
                failure = v.failure;
                if (v.compiled) compiled++;
                if (v.ran) ran++;
                if (v.errors) errors++;
                if (failure == null && i % CLI_EVERY == 0 && v.cliSafe) {
                    cli++;
                    failure = checkCli(c, i);
                }
            } catch (StackOverflowError | OutOfMemoryError e) {
                failure = e.toString();
            }
            if (failure != null) {
                String text = new String(c.bytes(), StandardCharsets.UTF_8);
                failures.add("case " + i + " (-Dpagerace.fuzz.seed=" + SEED + ", " + c.how() + " from " + c.origin() + "): " + failure
                    + "\n--- input (first 3000 characters) ---\n" + text.substring(0, Math.min(3000, text.length())));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
        // the fuzzer must reach past the parser: a share of its inputs compile and run
        assertTrue(compiled > FILES / 10 && ran > FILES / 10 && errors > FILES / 4 && cli > 0,
            "compiled " + compiled + ", ran " + ran + ", clean errors " + errors + ", through the command line " + cli + " of " + FILES);
    }

    /** What one case did. */
    record Verdict(String failure, boolean compiled, boolean ran, boolean errors, boolean cliSafe) {}

    static Verdict check(Case c, long seed) {
        String text;
        try {
            text = Loader.decode(c.bytes());
        } catch (Loader.BadEncoding b) {
            boolean ok = b.line >= 1 && b.col >= 1 && b.offset >= 0 && b.offset < c.bytes().length;
            return new Verdict(ok ? null : "bad encoding reported at " + b.line + ":" + b.col + " offset " + b.offset, false, false, true, true);
        }
        Map<String, Program> programs;
        try {
            Scenario s = Loader.fromText("fuzz.kp", c.origin(), text);
            programs = Compiler.compileAll(s);
        } catch (ScenarioException e) {
            return new Verdict(cleanErrors(e), false, false, true, true);
        } catch (RuntimeException e) {
            return new Verdict("loading or compiling threw " + trace(e), false, false, false, false);
        }
        List<Program> ps = new ArrayList<>(programs.values());
        Program p = ps.get(new Random(seed).nextInt(ps.size()));
        Program bounded = p.withConfig(p.config().with("max_steps", RUN_STEPS, 1));
        RunResult r;
        try {
            // one run in eight is traced: tracing formats every delivery, which costs more than the run
            r = PureRunner.run(bounded, new RandomStrategy(0), 0, seed % 8 == 0);
            dev.pagerace.report.RunReport.verdict(r);
        } catch (RuntimeException e) {
            return new Verdict("running " + p + " threw " + trace(e), true, false, false, false);
        }
        if (r.steps() > RUN_STEPS) return new Verdict("the run went past its bound: " + r.steps() + " deliveries", true, true, false, false);
        // the command line runs the scenario's own max_steps: only runs that ended within the bound are sent there
        boolean cliSafe = r.steps() < RUN_STEPS && ps.size() == 1;
        return new Verdict(null, true, true, false, cliSafe);
    }

    /** Every diagnostic is file:line:col: message, at a line the file has, and renders. */
    private static String cleanErrors(ScenarioException e) {
        if (e.diagnostics().isEmpty()) return "a scenario error with no diagnostic";
        for (Diagnostic d : e.diagnostics()) {
            Matcher m = HEADLINE.matcher(d.headline());
            if (!m.matches()) return "not file:line:col: message: " + d.headline();
            int line = Integer.parseInt(m.group(1)), col = Integer.parseInt(m.group(2));
            if (line < 1 || col < 1 || line > d.pos().source().lines().size() + 1) return "position out of the file: " + d.headline();
            // a column at most one past the end of its line: the caret lands on the line quoted
            if (line <= d.pos().source().lines().size() && col > d.pos().source().line(line).length() + 1) {
                return "column past the end of line " + line + " (" + d.pos().source().line(line).length() + " characters): " + d.headline();
            }
            if (d.message().isBlank()) return "empty message at " + d.pos();
            d.render();
        }
        return null;
    }

    /** Through the command line, as a user would meet the file: exit 0, 1 or 2, never a stack trace. */
    private String checkCli(Case c, int i) {
        Path f = dir.resolve("case" + i + ".kp");
        try {
            Files.write(f, c.bytes());
        } catch (IOException e) {
            return null;
        }
        CliRun.Result r = CliRun.pagerace("run", f.toString(), "--engine", "pure", "--tail", "0");
        if (r.code() < 0 || r.code() > 2) return "the command line exited " + r.code() + ":\n" + r.err();
        if (r.err().contains("\tat ") || r.err().contains("internal error")) return "the command line printed a stack trace:\n" + r.err();
        if (r.code() == 2 && r.err().contains(f.toString()) && !HEADLINE.matcher(r.err().lines().findFirst().orElse("")).matches()
            && !r.err().startsWith("pagerace: ")) {
            return "exit 2 without a file:line:col or pagerace: message:\n" + r.err();
        }
        return null;
    }

    private static String trace(Throwable t) {
        StringBuilder b = new StringBuilder(t.toString());
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) b.append("\n    at ").append(st[i]);
        return b.toString();
    }

    private static List<Path> corpus() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String d : List.of("scenarios", "scenarios/dfs", "actors", "src/test/resources/scenarios")) {
            try (Stream<Path> s = Files.list(Path.of(d))) {
                s.filter(p -> p.toString().endsWith(".kp")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    // ---- mutations -------------------------------------------------------------------------------

    /** Ways to break a real scenario file a little. */
    static final class Mutator {
        private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\"[^\"\\n]*\"|\\.\\.|[=!<>]=|&&|\\|\\||[^\\sA-Za-z0-9_]");
        private static final String[] IMPORTS = {
            "../actors/shmem.kp", "../actors/filemap.kp", "actors/shmem.kp", "/etc/passwd", "/dev/zero", "nonexistent.kp", "../../x.kp",
            "shmem-fallocate.kp", "dfs/shmem-fallocate-sizes.kp", "..", "", "a\u0000b.kp", "../scenarios/../actors/shmem-rfc-2026.kp",
            "../" + "../".repeat(40) + "etc/x.kp", "C:\\\\x.kp", "~/x.kp"};
        private static final String[] NUMBERS = {"9223372036854775807", "9223372036854775808", "99999999999999999999999", "0", "-1", "4096",
            "4097", "256", "257", "2147483648", "-9223372036854775808", "1/0", "1/4294967296"};
        private static final byte[] BYTES = {0, (byte) 0xFF, (byte) 0xC3, (byte) 0xE2, (byte) 0xEF, '{', '}', '(', ')', '"', '#', '\\', '\n', '\r',
            ';', '.', '-', '*', '/', '!', '\t', 'A', 'z', '0', '9', '@', '$', 127};

        static Case mutate(Random rnd, Path origin, String text, List<String> corpus) {
            int rounds = 1 + rnd.nextInt(3);
            String how = "";
            byte[] bytes = null;
            for (int r = 0; r < rounds; r++) {
                int kind = rnd.nextInt(11);
                how += (how.isEmpty() ? "" : "+") + kind;
                if (kind == 0) {
                    bytes = (bytes == null ? text.getBytes(StandardCharsets.UTF_8) : bytes);
                    for (int n = 1 + rnd.nextInt(4); n > 0 && bytes.length > 0; n--) {
                        bytes[rnd.nextInt(bytes.length)] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : BYTES[rnd.nextInt(BYTES.length)];
                    }
                    continue;
                }
                if (bytes != null) {
                    text = new String(bytes, StandardCharsets.UTF_8);
                    bytes = null;
                }
                text = switch (kind) {
                    case 1 -> tokens(rnd, text, 0);
                    case 2 -> tokens(rnd, text, 1);
                    case 3 -> tokens(rnd, text, 2);
                    case 4 -> nest(rnd, text);
                    case 5 -> replaceToken(rnd, text, "[0-9]+", NUMBERS[rnd.nextInt(NUMBERS.length)]);
                    case 6 -> replaceToken(rnd, text, "[a-z_][a-z0-9_]*", longName(rnd));
                    case 7 -> insertLine(rnd, text, "import \"" + IMPORTS[rnd.nextInt(IMPORTS.length)] + "\"");
                    case 8 -> splice(rnd, text, corpus.get(rnd.nextInt(corpus.size())));
                    case 9 -> lines(rnd, text);
                    default -> insertLine(rnd, text, Generator.statement(rnd, 2));
                };
            }
            return new Case("mutated " + how, origin, bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8));
        }

        /** 0: delete a token, 1: duplicate one, 2: swap two. */
        /** The first match of {@code p} at or after a random place (or the first of all): one search, not a list of every match. */
        private static int[] randomMatch(Random rnd, Pattern p, String text) {
            Matcher m = p.matcher(text);
            if (text.isEmpty()) return null;
            if (m.find(rnd.nextInt(text.length())) || m.find(0)) return new int[] {m.start(), m.end()};
            return null;
        }

        private static String tokens(Random rnd, String text, int op) {
            int[] a = randomMatch(rnd, TOKEN, text);
            if (a == null) return text;
            if (op == 0) return text.substring(0, a[0]) + text.substring(a[1]);
            String ta = text.substring(a[0], a[1]);
            if (op == 1) return text.substring(0, a[1]) + " " + ta + text.substring(a[1]);
            int[] b = randomMatch(rnd, TOKEN, text);
            if (b[0] == a[0] || (a[0] < b[1] && b[0] < a[1])) return text;
            int[] lo = a[0] < b[0] ? a : b, hi = a[0] < b[0] ? b : a;
            return text.substring(0, lo[0]) + text.substring(hi[0], hi[1]) + text.substring(lo[1], hi[0]) + text.substring(lo[0], lo[1])
                + text.substring(hi[1]);
        }

        private static String nest(Random rnd, String text) {
            int n = rnd.nextInt(4) == 0 ? 150 + rnd.nextInt(100) : 1000 + rnd.nextInt(4000);
            String[][] shapes = {{"(", ")"}, {"if 1 { ", " }"}, {"!", ""}, {"-", ""}, {"repeat 1 { ", " }"}, {"1 + ", ""}, {"while 0 { ", " }"}};
            String[] s = shapes[rnd.nextInt(shapes.length)];
            String body = s[0].repeat(n) + (s[0].endsWith("{ ") ? "yield" : "1") + s[1].repeat(n);
            String stmt = s[0].endsWith("{ ") ? body : "x = " + body;
            return insertLine(rnd, text, "  " + stmt);
        }

        private static String replaceToken(Random rnd, String text, String regex, String with) {
            int[] a = randomMatch(rnd, Pattern.compile(regex), text);
            if (a == null) return text;
            return text.substring(0, a[0]) + with + text.substring(a[1]);
        }

        private static String longName(Random rnd) {
            return "n" + "a".repeat(rnd.nextInt(20) == 0 ? 100_000 : 200 + rnd.nextInt(2000));
        }

        private static String insertLine(Random rnd, String text, String line) {
            String[] ls = text.split("\n", -1);
            int at = rnd.nextInt(ls.length + 1);
            List<String> out = new ArrayList<>(List.of(ls));
            out.add(at, line);
            return String.join("\n", out);
        }

        /** Lines of another file put in at a random place. */
        private static String splice(Random rnd, String text, String other) {
            String[] o = other.split("\n", -1);
            int from = rnd.nextInt(o.length), to = Math.min(o.length, from + 1 + rnd.nextInt(12));
            return insertLine(rnd, text, String.join("\n", java.util.Arrays.copyOfRange(o, from, to)));
        }

        /** A line deleted, duplicated or moved. */
        private static String lines(Random rnd, String text) {
            List<String> ls = new ArrayList<>(List.of(text.split("\n", -1)));
            int a = rnd.nextInt(ls.size());
            switch (rnd.nextInt(3)) {
                case 0 -> ls.remove(a);
                case 1 -> ls.add(a, ls.get(a));
                default -> ls.add(rnd.nextInt(ls.size()), ls.remove(a));
            }
            return String.join("\n", ls);
        }
    }

    // ---- generation ------------------------------------------------------------------------------

    /**
     * Files from the grammar (docs/language.md): declarations of every kind
     * and statements of every kind over them, mostly well formed, so that
     * many compile and the runs exercise the model, not only the parser.
     */
    static final class Generator {
        private static final String[] EXPECTS = {"clean", "deadlock", "starvation", "stale_data", "lock_order", "assert", "clean", "clean"};

        static String file(Random rnd) {
            StringBuilder b = new StringBuilder();
            if (rnd.nextBoolean()) b.append("scenario fz-").append(rnd.nextInt(100)).append(" \"generated\"\n");
            if (rnd.nextBoolean()) {
                b.append("config { max_steps ").append(1 + rnd.nextInt(5000)).append("; reclaim_chance 1/").append(1 + rnd.nextInt(8))
                    .append(rnd.nextInt(4) == 0 ? "; max_call_depth " + (1 + rnd.nextInt(100)) : "").append(" }\n");
            }
            for (int i = 0; i < 2; i++) {
                b.append("inode i").append(i).append(" pages ").append(3 + rnd.nextInt(6)).append(" backing ").append(rnd.nextBoolean() ? "swap" : "disk")
                    .append(rnd.nextInt(4) == 0 ? " ino " + (1 + rnd.nextInt(9)) : "").append('\n');
            }
            if (rnd.nextBoolean()) b.append("field i0.f = ").append(rnd.nextInt(3)).append('\n');
            // l0 is exclusive (lock/unlock), l1 shared (down_read/down_write), as the statements use them
            b.append("lock l0 ").append(rnd.nextInt(4) == 0 ? "spinlock" : "mutex")
                .append(rnd.nextInt(5) == 0 ? " untracked" : "").append('\n');
            b.append("lock l1 ").append(rnd.nextInt(4) == 0 ? "rwlock" : "rwsem").append('\n');
            b.append("waitq q\n");
            // most bodies assign x and p first, so that expressions over them compile
            String locals = rnd.nextInt(8) == 0 ? "" : "  x = 0\n  p = none\n";
            if (rnd.nextInt(8) > 0) b.append("path reclaim() {\n").append(locals).append(block(rnd, 2, 1)).append("}\n");
            b.append("path callee(a, b) {\n").append(locals).append(block(rnd, 2, 1)).append("  return a\n}\n");
            int tasks = 1 + rnd.nextInt(3);
            for (int t = 0; t < tasks; t++) {
                b.append("task t").append(t).append(rnd.nextBoolean() ? " * " + (1 + rnd.nextInt(3)) : "").append(" {\n").append(locals).append(block(rnd, 3, 1)).append("}\n");
            }
            if (rnd.nextBoolean()) {
                b.append("variant v1 {\n  task t0 {\n").append(locals).append(block(rnd, 2, 2)).append("  }\n}\nvariant v2 {\n}\n");
                b.append("expect v1 ").append(EXPECTS[rnd.nextInt(EXPECTS.length)]).append('\n');
            }
            return b.toString();
        }

        private static String block(Random rnd, int depth, int indent) {
            StringBuilder b = new StringBuilder();
            for (int n = 1 + rnd.nextInt(5); n > 0; n--) b.append("  ".repeat(indent)).append(statement(rnd, depth)).append('\n');
            return b.toString();
        }

        private static String shared(Random rnd) {
            return rnd.nextInt(3) == 0 ? "i0.i_rwsem" : rnd.nextInt(2) == 0 ? "i" + rnd.nextInt(2) + ".invalidate_lock" : "l1";
        }

        private static String expr(Random rnd, int depth) {
            if (depth <= 0) return rnd.nextBoolean() ? Integer.toString(rnd.nextInt(4)) : rnd.nextBoolean() ? "x" : "p";
            return switch (rnd.nextInt(9)) {
                case 0 -> expr(rnd, depth - 1) + " + " + expr(rnd, depth - 1);
                case 1 -> expr(rnd, depth - 1) + " == " + expr(rnd, depth - 1);
                case 2 -> "rand(0, " + rnd.nextInt(4) + ")";
                case 3 -> "is_page(p)";
                case 4 -> "p.uptodate";
                case 5 -> "i0.i_size";
                case 6 -> "!" + expr(rnd, depth - 1);
                case 7 -> "min(x, " + rnd.nextInt(3) + ")";
                default -> "(" + expr(rnd, depth - 1) + ")";
            };
        }

        static String statement(Random rnd, int depth) {
            String l = rnd.nextBoolean() ? "l0" : "i" + rnd.nextInt(2) + ".i_lock";
            String sh = shared(rnd);
            String ino = "i" + rnd.nextInt(2);
            int k = depth <= 0 ? rnd.nextInt(14) : rnd.nextInt(25);
            return switch (k) {
                case 0 -> "lock " + l + "; unlock " + l;
                case 1 -> "down_read " + sh + "; up_read " + sh;
                case 2 -> "down_write " + sh + "; yield; up_write " + sh;
                case 3 -> "p = find " + ino + " " + rnd.nextInt(3);
                case 4 -> "p = add " + ino + " " + rnd.nextInt(3) + (rnd.nextBoolean() ? " uptodate" : "");
                case 5 -> "if is_page(p) { lock_page p; unlock_page p }";
                case 6 -> "alloc" + (rnd.nextBoolean() ? " nofs" : "");
                case 7 -> "yield";
                case 8 -> "x = " + expr(rnd, 2);
                case 9 -> "if trylock " + l + " { unlock " + l + " }";
                case 10 -> "unmap " + ino + " 0..1";
                case 11 -> "wake_all q";
                case 12 -> "assert x >= 0 \"x is a count\"";
                case 13 -> "callee(1, x)";
                case 14 -> "if " + expr(rnd, 2) + " {\n" + statement(rnd, depth - 1) + "\n} else {\n" + statement(rnd, depth - 1) + "\n}";
                case 15 -> "repeat " + rnd.nextInt(3) + " { " + statement(rnd, depth - 1) + " }";
                case 16 -> "x = 0\nwhile x < 2 { x = x + 1; " + statement(rnd, depth - 1) + " }";
                case 17 -> "for j in 0..2 { " + statement(rnd, depth - 1) + (rnd.nextBoolean() ? "; break" : "") + " }";
                case 18 -> "choose { " + statement(rnd, depth - 1) + " } or { yield }";
                case 19 -> "op punch " + ino + " 0..1 { " + statement(rnd, depth - 1) + " }";
                case 20 -> "memalloc_nofs { " + statement(rnd, depth - 1) + " }";
                case 21 -> "p = pick_page" + (rnd.nextBoolean() ? " " + ino : "") + (rnd.nextBoolean() ? " where dirty" : "");
                case 22 -> "if is_page(p) { lock_page p; x = delete p; unlock_page p }";
                case 23 -> "v = lru_isolate; if is_page(v) { lru_putback v }";
                default -> "in_irq { " + statement(rnd, depth - 1) + " }";
            };
        }
    }
}
