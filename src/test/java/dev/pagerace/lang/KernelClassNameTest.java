package dev.pagerace.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagerace.program.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock classes as lockdep names them: the catalog's defaults, and {@code lock NAME KIND class "..."}. */
class KernelClassNameTest {
    @TempDir Path dir;

    private Program compile(String text) throws Exception {
        Path p = dir.resolve("k.kp");
        Files.writeString(p, text);
        return Compiler.compileAll(Loader.load(p)).values().iterator().next();
    }

    @Test void theCatalogsClassesGetTheirKernelNamesAndSubclassesKeepTheirSuffix() throws Exception {
        Program p = compile("inode f pages 1 backing disk\nlock mmap_lock rwsem\nlock glock rwsem untracked\ntask t { yield }\n");
        assertEquals("&sb->s_type->i_mutex_key", p.kernelClass("i_rwsem"));
        assertEquals("mapping.invalidate_lock", p.kernelClass("invalidate_lock"));
        assertEquals("mapping.invalidate_lock/1", p.kernelClass("invalidate_lock/1"));
        assertEquals("&mm->mmap_lock", p.kernelClass("mmap_lock"));
        assertEquals("&sb->s_type->i_lock_key", p.kernelClass("i_lock"));
        assertEquals("fs_reclaim", p.kernelClass("fs_reclaim"));
        assertEquals("PG_locked", p.kernelClass("page_lock"));
        assertEquals("glock", p.kernelClass("glock"), "a class the kernel names nothing keeps its scenario name");
    }

    @Test void aDeclaredClassNameWinsOverTheDefault() throws Exception {
        Program p = compile("inode f pages 1 backing disk\nlock f.i_rwsem rwsem class \"&sb->s_type->i_mutex_key#14\"\n"
            + "lock journal mutex untracked class \"&journal->j_state_lock\"\ntask t { yield }\n");
        assertEquals("&sb->s_type->i_mutex_key#14", p.kernelClass("i_rwsem"));
        assertEquals("&sb->s_type->i_mutex_key#14/1", p.kernelClass("i_rwsem/1"));
        assertEquals("&journal->j_state_lock", p.kernelClass("journal"));
    }

    @Test void aClassWithoutItsNameIsAnError() throws Exception {
        Path p = dir.resolve("bad.kp");
        Files.writeString(p, "lock l mutex class\ntask t { yield }\n");
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class, () -> Compiler.compileAll(Loader.load(p)));
        org.junit.jupiter.api.Assertions.assertTrue(e.diagnostics().get(0).headline().contains("a quoted lockdep class name after 'class'"),
            e.diagnostics().get(0).headline());
    }
}
