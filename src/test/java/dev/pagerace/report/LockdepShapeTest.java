package dev.pagerace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * pagerace's lock-order splats against lockdep's own: the files under
 * {@code src/test/resources/lockdep/} are splats in the form
 * kernel/locking/lockdep.c prints them (print_circular_bug(),
 * print_deadlock_bug()), addresses and stacks trimmed. Each report must have
 * the same sections in the same order, the same numbering of the chain,
 * and, given the same class names, a byte-identical "Chain exists of" line
 * and unsafe-scenario table, so a kernel developer's eye and scripts find
 * everything where lockdep puts it.
 */
class LockdepShapeTest {
    private static final Pattern LOCK_LINE = Pattern.compile("^\\S+ \\(.*\\)\\{.*\\}(-\\{.*\\})?, at: .*");
    private static final Pattern ENTRY = Pattern.compile("^-> #(\\d+) \\(.*\\)\\{.*\\}(-\\{.*\\})?:$");
    private static final Pattern TRYING = Pattern.compile("^\\S+/\\d+ is trying to acquire lock:$");
    private static final Pattern HELD = Pattern.compile("^(\\d+ locks?|no locks) held by \\S+/\\d+[:.]$");

    /** The sections of a splat, in order: one token per line lockdep prints at a fixed place; stack and context lines are skipped. */
    static List<String> skeleton(String splat) {
        List<String> out = new ArrayList<>();
        for (String l : splat.split("\n")) {
            String t = null;
            if (l.matches("^=+$")) t = "banner";
            else if (l.startsWith("WARNING: ")) t = l;
            else if (l.matches("^-+$")) t = "rule";
            else if (TRYING.matcher(l).matches()) t = "trying";
            else if (l.equals("but task is already holding lock:")) t = l;
            else if (l.equals("which lock already depends on the new lock.")) t = l;
            else if (l.equals("the existing dependency chain (in reverse order) is:")) t = l;
            else if (ENTRY.matcher(l).matches()) t = "-> #" + ENTRY.matcher(l).replaceAll("$1");
            else if (l.equals("other info that might help us debug this:")) t = l;
            else if (l.equals("Chain exists of:")) t = l;
            else if (l.equals(" Possible unsafe locking scenario:")) t = l;
            else if (l.matches("^ {7}CPU0( {20}CPU1)?$")) t = l;
            else if (l.matches("^ {7}----( {20}----)?$")) t = l;
            else if (l.matches("^  r?lock\\(.*\\);$")) t = "CPU0 row";
            else if (l.matches("^ {31}r?lock\\(.*\\);$")) t = "CPU1 row";
            else if (l.equals(" *** DEADLOCK ***")) t = l;
            else if (l.equals(" May be due to missing lock nesting notation")) t = l;
            else if (HELD.matcher(l).matches()) t = "held by";
            else if (l.matches("^ #\\d+: .*")) t = "held lock";
            else if (l.equals("stack backtrace:")) t = l;
            else if (LOCK_LINE.matcher(l).matches()) t = "lock";
            // how many locks a task holds varies: one token for the list
            if (t != null && !(t.equals("held lock") && !out.isEmpty() && out.get(out.size() - 1).equals(t))) out.add(t);
        }
        return out;
    }

    private static String lockdep(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/lockdep/" + name));
    }

    /** The lines from {@code from} up to and including {@code to}. */
    private static String section(String text, String from, String to) {
        int a = text.indexOf(from), b = text.indexOf(to, a);
        assertTrue(a >= 0 && b >= 0, "no section " + from + " ... " + to + " in\n" + text);
        return text.substring(a, b + to.length());
    }

    private static LockEdge edge(String from, String fromK, String fromMode, String to, String toK, String toMode, String task, int pid,
                                 List<String> held) {
        return new LockEdge(from, fromMode, to, toMode, task, "f.kp:1 in " + task + "()", "       f.kp:1  " + task + "()\n",
            "f.kp:2 in " + task + "()", "       f.kp:2  " + task + "()\n       f.kp:9  task " + task + "\n", 3, false,
            fromK, toK, "x." + from, "x." + to, pid, held);
    }

    @Test void aTwoClassCycleHasLockdepsSectionsNumberingAndTable() throws IOException {
        String real = lockdep("circular-two.txt");
        String iMutex = "&sb->s_type->i_mutex_key#14", mmap = "&mm->mmap_lock";
        // the fault path took i_rwsem under mmap_lock; the writer, holding i_rwsem, now faults on the user buffer
        Violation.LockOrder c = new Violation.LockOrder(List.of(
            edge("mmap_lock", mmap, "read", "i_rwsem", iMutex, "write", "faulter", 1, List.of()),
            edge("i_rwsem", iMutex, "write", "mmap_lock", mmap, "read", "writer", 0,
                List.of("x.sb_writers (sb_writers#4){read}, at: f.kp:0 in writer()", "x.i_rwsem (" + iMutex + "){write}, at: f.kp:1 in writer()"))));
        String ours = LockOrderReport.render(c, "pagerace: test");
        assertEquals(skeleton(real), skeleton(ours), ours);
        String table = " Possible unsafe locking scenario:";
        assertEquals(section(real, table, "*** DEADLOCK ***"), section(ours, table, "*** DEADLOCK ***"));
        assertTrue(ours.contains("-> #0 (&mm->mmap_lock){read}:\n       f.kp:2  writer()\n"), "#0 is the lock being acquired, with the current stack:\n" + ours);
        assertTrue(ours.contains("writer/0 is trying to acquire lock:\nx.mmap_lock (&mm->mmap_lock){read}, at: f.kp:2 in writer()\n"), ours);
    }

    @Test void aLongerChainSaysChainExistsOfAsLockdepDoes() throws IOException {
        String real = lockdep("circular-chain.txt");
        String inv = "mapping.invalidate_lock#2", iMutex = "&sb->s_type->i_mutex_key#9", fsr = "fs_reclaim";
        Violation.LockOrder c = new Violation.LockOrder(List.of(
            edge("invalidate_lock", inv, "write", "i_rwsem", iMutex, "write", "puncher", 2, List.of()),
            edge("i_rwsem", iMutex, "write", "fs_reclaim", fsr, "write", "fallocator", 1, List.of()),
            edge("fs_reclaim", fsr, "write", "invalidate_lock", inv, "read", "kswapd", 0,
                List.of("x.fs_reclaim (fs_reclaim){write}, at: f.kp:1 in kswapd()"))));
        String ours = LockOrderReport.render(c, "pagerace: test");
        assertEquals(skeleton(real), skeleton(ours), ours);
        assertEquals(section(real, "Chain exists of:", "*** DEADLOCK ***"), section(ours, "Chain exists of:", "*** DEADLOCK ***"));
        // #2 is the held lock, with the stack of the dependency that leads to it (fs_reclaim taken under i_rwsem)
        assertTrue(ours.contains("-> #2 (fs_reclaim){write}:\n       f.kp:2  fallocator()\n"), ours);
        assertTrue(ours.contains("-> #1 (&sb->s_type->i_mutex_key#9){write}:\n       f.kp:2  puncher()\n"), ours);
    }

    @Test void oneClassTakenTwiceIsRecursiveLockingWithTheNestingHint() throws IOException {
        String real = lockdep("recursive.txt");
        String inv = "mapping.invalidate_lock#3";
        Violation.LockOrder c = new Violation.LockOrder(List.of(
            edge("invalidate_lock", inv, "write", "invalidate_lock", inv, "write", "dedupe", 0, List.of(
                "x.sb_writers (sb_writers#12){read}, at: f.kp:0 in dedupe()",
                "x.i_rwsem (&sb->s_type->i_mutex_key#19){write}, at: f.kp:0 in dedupe()",
                "x.invalidate_lock (" + inv + "){write}, at: f.kp:1 in dedupe()"))));
        String ours = LockOrderReport.render(c, "pagerace: test");
        assertEquals(skeleton(real), skeleton(ours), ours);
        assertEquals(section(real, "other info", "nesting notation"), section(ours, "other info", "nesting notation"));
    }

    /** The splats `run` prints, as the golden files hold them, have lockdep's skeleton too. */
    @Test void theSplatsOfTheGoldenRunsHaveLockdepsSkeleton() throws IOException {
        String shmem = Files.readString(Path.of("src/test/resources/golden/shmem-fallocate-rfc-2026-seed2.txt"));
        String[] splats = shmem.substring(shmem.indexOf("Lock-order cycles among")).split("\n(?=\n=+\nWARNING)");
        int circular = 0;
        for (String splat : splats) {
            if (!splat.contains("WARNING: possible circular")) continue;
            circular++;
            String one = splat.substring(0, splat.contains("\n\n(the cycle") ? splat.indexOf("\n\n(the cycle") : splat.length());
            assertEquals(skeleton(lockdep("circular-two.txt")), skeleton(one), one);
        }
        assertEquals(2, circular, shmem);
        String ring = Files.readString(Path.of("src/test/resources/golden/report-shapes-chain-of-three.txt"));
        assertEquals(skeleton(lockdep("circular-chain.txt")), skeleton(ring.substring(ring.indexOf("Lock-order cycles among"))), ring);
        String gfs2 = Files.readString(Path.of("src/test/resources/golden/gfs2-glock-mmap-queued-writer.txt"));
        String recursive = gfs2.substring(gfs2.indexOf("Lock-order cycles among"));
        assertEquals(skeleton(lockdep("recursive.txt")), skeleton(recursive), recursive);
    }

    /** The skeleton must be able to fail: a splat with lockdep's old pagerace order (held lock at #0) does not match. */
    @Test void theSkeletonTellsTheNumberingApart() throws IOException {
        String real = lockdep("circular-two.txt");
        String swapped = real.replace("-> #1", "-> #X").replace("-> #0", "-> #1").replace("-> #X", "-> #0");
        assertTrue(!skeleton(real).equals(skeleton(swapped)));
        assertTrue(!skeleton(real).equals(skeleton(real.replace("\nstack backtrace:", ""))));
    }
}
