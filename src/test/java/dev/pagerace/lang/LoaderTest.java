package dev.pagerace.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.program.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private String error(Path file) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> Compiler.compileAll(Loader.load(file)));
        return e.diagnostics().get(0).headline().replace(dir.toString() + "/", "");
    }

    @Test void everyScenarioShippedUnderScenariosCompiles() throws Exception {
        // the catalog's files, and those under its subdirectories (dfs sizes, the benchmark grid), which no
        // catalog run loads: a change to a shared path must not leave one of them broken
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(Path.of("scenarios"))) {
            files = walk.filter(f -> f.toString().endsWith(".kp")).sorted().toList();
        }
        assertTrue(files.size() >= 11, files.toString());
        for (Path f : files) {
            try {
                assertTrue(Compiler.compileAll(Loader.load(f)).size() >= 1, f.toString());
            } catch (ScenarioException e) {
                throw new AssertionError(f + ": " + e.diagnostics().get(0).headline(), e);
            }
        }
    }

    @Test void importsStayInsideTheScenariosTreeAndReadOnlySmallRegularKpFiles() throws Exception {
        write("secret.kp", "path leak() { yield }\n");
        Path s = write("proj/scenarios/s.kp", "import \"../../secret.kp\"\ntask t { yield }\n");
        assertTrue(error(s).startsWith("proj/scenarios/s.kp:1:8: cannot import \"../../secret.kp\": outside the scenario's directory"), error(s));
        Path passwd = write("proj/scenarios/p.kp", "import \"/etc/passwd\"\ntask t { yield }\n");
        assertEquals("proj/scenarios/p.kp:1:8: cannot import \"/etc/passwd\": an import names a .kp file", error(passwd));
        write("proj/actors/lib.kp", "path f() { yield }\n");
        Path nested = write("proj/scenarios/deep/n.kp", "import \"../../actors/lib.kp\"\ntask t { f() }\n");
        assertEquals(1, Compiler.compileAll(Loader.load(nested)).size(), "the project's actors/ is reachable from a nested directory");
        Files.createDirectories(dir.resolve("proj/scenarios/dir.kp"));
        Path d = write("proj/scenarios/d.kp", "import \"dir.kp\"\ntask t { yield }\n");
        assertEquals("proj/scenarios/d.kp:1:8: cannot import \"dir.kp\": not a regular file", error(d));
        write("proj/scenarios/big.kp", "#".repeat((int) Loader.MAX_FILE_BYTES + 1));
        Path b = write("proj/scenarios/b.kp", "import \"big.kp\"\ntask t { yield }\n");
        assertTrue(error(b).contains("more than the limit of " + Loader.MAX_FILE_BYTES), error(b));
        Files.createSymbolicLink(dir.resolve("proj/scenarios/link.kp"), dir.resolve("secret.kp"));
        Path l = write("proj/scenarios/l.kp", "import \"link.kp\"\ntask t { yield }\n");
        assertTrue(error(l).contains("outside the scenario's directory"), "a link does not lead out: " + error(l));
    }

    @Test void importsResolveRelativeToTheImportingFile() throws Exception {
        write("actors/lib.kp", "import \"more.kp\"\npath f() { g() }\n");
        write("actors/more.kp", "path g() { yield }\n");
        Path s = write("scenarios/s.kp", "import \"../actors/lib.kp\"\ntask t { f() }\n");
        Map<String, Program> p = Compiler.compileAll(Loader.load(s));
        assertEquals(java.util.Set.of("f", "g"), p.get("default").paths().keySet());
    }

    @Test void aMissingImportIsReportedAtTheImportLine() throws IOException {
        Path s = write("s.kp", "# x\nimport \"nope.kp\"\ntask t { yield }\n");
        assertEquals("s.kp:2:8: cannot import \"nope.kp\": no such file", error(s));
    }

    @Test void anImportCycleIsReportedWithItsChain() throws IOException {
        write("a.kp", "import \"b.kp\"\n");
        write("b.kp", "import \"a.kp\"\n");
        Path s = write("s.kp", "import \"a.kp\"\ntask t { yield }\n");
        assertEquals("b.kp:1:8: import cycle: s.kp -> a.kp -> b.kp -> a.kp", error(s));
    }

    @Test void aLibraryHoldsNoTasks() throws IOException {
        write("lib.kp", "path f() { yield }\ntask sneaky { yield }\n");
        Path s = write("s.kp", "import \"lib.kp\"\ntask t { f() }\n");
        assertEquals("lib.kp:2:6: an imported file may hold only paths, locks, wait queues, fields and imports", error(s));
    }

    @Test void aMissingScenarioFileIsAClearError() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> Loader.load(dir.resolve("absent.kp")));
        assertTrue(e.diagnostics().get(0).message().equals("cannot read scenario file: no such file"));
    }

    @Test void aVariantMayImportItsOverrides() throws Exception {
        write("base.kp", "path f() { yield }\n");
        write("patch.kp", "path f() { yield ; yield }\n");
        Path s = write("s.kp", "import \"base.kp\"\ntask t { f() }\nvariant old { }\nvariant new { import \"patch.kp\" }\n");
        Map<String, Program> p = Compiler.compileAll(Loader.load(s));
        assertEquals(3, p.get("new").paths().get("f").code().length);
        assertEquals(2, p.get("old").paths().get("f").code().length);
    }

    @Test void variantsOverrideConfigKeysAndInodesByName() {
        String text = """
            config { runs 10 max_steps 500 }
            inode shm pages 4 backing swap
            task t { x = shm.pages }
            variant small { }
            variant big { inode shm pages 16 backing swap
              config { max_steps 900 } }
            """;
        Map<String, Program> p = dev.pagerace.TestScenarios.compile(text);
        assertEquals(4, p.get("small").inodes().get(0).pages());
        assertEquals(16, p.get("big").inodes().get(0).pages());
        assertEquals(500, p.get("small").config().maxSteps());
        assertEquals(900, p.get("big").config().maxSteps());
        assertEquals(10, p.get("big").config().runs());
    }

    @Test void hyphenatedNamesAndTaskInstances() {
        String text = "scenario my-scn-2\ntask w * 3 { yield }\nvariant rfc-2026 { }\nexpect rfc-2026 clean\n";
        Map<String, Program> p = dev.pagerace.TestScenarios.compile(text);
        Program v = p.get("rfc-2026");
        assertEquals("my-scn-2", v.scenario());
        assertEquals(java.util.List.of("w-0", "w-1", "w-2"), v.tasks().stream().map(Program.TaskInfo::name).toList());
    }
}
