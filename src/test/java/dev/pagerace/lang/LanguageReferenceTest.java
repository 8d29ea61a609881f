package dev.pagerace.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.program.ScenarioConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/language.md is the language reference: it cannot drift from the
 * parser and compiler. Every word they know is in its code, every operation
 * has a row and an example, and every example parses (those that are task
 * bodies also compile, over a small prelude of objects).
 */
class LanguageReferenceTest {
    private static final Path DOC = Path.of("docs/language.md");
    /** The objects the task examples use. */
    private static final String PRELUDE = "inode shm pages 8 backing swap\ninode data pages 4 backing disk\ninode src pages 4 backing disk\n"
        + "inode dst pages 4 backing disk\nlock big_lock mutex\nwaitq shm.falloc_wq\nfield shm.falloc_next = 0\n"
        + "path reclaim() { yield }\npath touch(ino, idx) { yield }\n";

    private static String doc() throws IOException {
        return Files.readString(DOC);
    }

    /** The words in the page's code: `spans` and ```kp blocks. */
    private static Set<String> codeWords(String doc) {
        Set<String> out = new TreeSet<>();
        Matcher code = Pattern.compile("```kp\\n(.*?)```|`([^`\\n]+)`", Pattern.DOTALL).matcher(doc);
        while (code.find()) {
            String c = code.group(1) != null ? code.group(1) : code.group(2);
            Matcher w = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(c);
            while (w.find()) out.add(w.group());
        }
        return out;
    }

    private static List<String> examples(String doc) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```kp\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The contextual words the parser matches by text: expectWord("pages"), peek().is("within"), ... */
    private static Set<String> parserWords() throws IOException {
        String src = Files.readString(Path.of("src/main/java/dev/pagerace/lang/Parser.java"));
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?:expectWord|\\.is|equals)\\(\"([a-z_]+)\"\\)").matcher(src);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test void everyWordTheLanguageKnowsIsInTheReference() throws IOException {
        Set<String> known = new TreeSet<>();
        known.addAll(Parser.KEYWORDS);
        known.addAll(Parser.DECLARATIONS);
        known.addAll(Parser.LOCK_KINDS);
        known.addAll(parserWords());
        for (Actions.Spec s : Actions.all()) known.add(s.name());
        known.addAll(Actions.GFP_FLAGS);
        known.addAll(Actions.SCOPES);
        known.addAll(Actions.PICK_FILTERS);
        known.addAll(Compiler.BUILTINS.keySet());
        known.addAll(Compiler.EXPECT_KINDS);
        known.addAll(Compiler.PAGE_ATTRS);
        known.addAll(Compiler.INODE_LOCKS.keySet());
        known.addAll(ScenarioConfig.KEYS.keySet());
        known.addAll(List.of("i_size", "pages"));
        assertTrue(known.size() > 100, "the word lists were found: " + known);
        Set<String> missing = new TreeSet<>(known);
        missing.removeAll(codeWords(doc()));
        assertEquals(Set.of(), missing, "words the parser or compiler knows that docs/language.md does not show in code");
    }

    @Test void everyOperationHasARowWithItsUsageAndAnExample() throws IOException {
        String doc = doc();
        Set<String> inExamples = new TreeSet<>();
        for (String e : examples(doc)) {
            Matcher w = Pattern.compile("[a-z_]+").matcher(e);
            while (w.find()) inExamples.add(w.group());
        }
        for (Actions.Spec s : Actions.all()) {
            assertTrue(doc.contains("| `" + s.usage().replace("|", "\\|") + "` |"), "a table row for " + s.usage());
            assertTrue(inExamples.contains(s.name()), "an example of " + s.name());
        }
        for (String b : Compiler.BUILTINS.keySet()) assertTrue(inExamples.contains(b), "an example of " + b + "()");
        for (String k : Compiler.EXPECT_KINDS) assertTrue(inExamples.contains(k), "an example of expect " + k);
        for (String a : Compiler.PAGE_ATTRS) assertTrue(inExamples.contains(a), "an example of the attribute " + a);
    }

    @Test void everyExampleParsesAndEveryTaskExampleCompiles() throws IOException {
        List<String> examples = examples(doc());
        assertTrue(examples.size() >= 8, "examples found: " + examples.size());
        int compiled = 0;
        for (String e : examples) {
            try {
                Parser.parse(Source.of("example.kp", Path.of("docs/example.kp"), e));
                if (e.startsWith("task ")) {
                    Compiler.compileAll(Loader.fromText("example.kp", Path.of("scenarios/example.kp"), PRELUDE + e));
                    compiled++;
                }
            } catch (ScenarioException x) {
                throw new AssertionError("an example of docs/language.md does not " + (e.startsWith("task ") ? "compile" : "parse") + ":\n"
                    + x.render() + "\n--- example ---\n" + e, x);
            }
        }
        assertTrue(compiled >= 5, "task examples compiled: " + compiled);
    }
}
