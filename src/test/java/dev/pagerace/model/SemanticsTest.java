package dev.pagerace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RandomStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.LockOrderGraph;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.Program;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Kernel semantics the language expresses, checked through whole runs: allocation context, lock_two orders, subclasses. */
class SemanticsTest {
    private static TreeSet<String> edges(Program p, int runs) {
        TreeSet<String> out = new TreeSet<>();
        for (long s = 0; s < runs; s++) for (LockEdge e : PureRunner.run(p, new RandomStrategy(s), s, false).lockEdges()) out.add(e.key());
        return out;
    }

    private static final String RECLAIM = """
        config { reclaim_chance 1/1 }
        lock fs mutex
        inode f pages 1 backing swap
        path reclaim() { if may_enter_fs() { lock fs ; unlock fs } }
        """;

    @Test void nofsAndNoioAllocationsRecordNoFsReclaimDependencyAndReclaimStaysOutOfTheFilesystem() {
        Program plain = TestScenarios.one(RECLAIM + "task t { lock fs ; alloc ; unlock fs }\n");
        assertTrue(edges(plain, 5).contains("fs{write}->fs_reclaim{write}"), edges(plain, 5).toString());
        RunResult self = PureRunner.run(plain, new RandomStrategy(0), 0, false);
        assertTrue(self.violations().get(0) instanceof Violation.Deadlock, "GFP_KERNEL reclaim re-enters the filesystem lock");
        for (String body : List.of("lock fs ; alloc nofs ; unlock fs", "lock fs ; alloc noio ; unlock fs",
                "lock fs ; memalloc_nofs { alloc } ; unlock fs", "memalloc_noio { lock fs ; alloc ; unlock fs }",
                "lock fs ; alloc atomic ; unlock fs", "lock fs ; alloc nowait ; unlock fs")) {
            Program p = TestScenarios.one(RECLAIM + "task t { " + body + " }\n");
            assertEquals(List.of(), List.copyOf(edges(p, 5)), body);
            assertEquals("clean", PureRunner.run(p, new RandomStrategy(0), 0, false).outcome().label(), body);
        }
        Program scopeEnds = TestScenarios.one(RECLAIM + "path a() { memalloc_nofs { return 0 } }\ntask t { a() ; lock fs ; alloc ; unlock fs }\n");
        assertTrue(edges(scopeEnds, 5).contains("fs{write}->fs_reclaim{write}"), "a return closes the scope");
    }

    @Test void anAtomicAllocationNeverSleepsButADirectReclaimOneDoesUnderASpinlock() {
        String s = RECLAIM + "lock sp spinlock\n";
        assertEquals("clean", PureRunner.run(TestScenarios.one(s + "task t { lock sp ; alloc atomic ; unlock sp }\n"), new RandomStrategy(0), 0, false).outcome().label());
        RunResult r = PureRunner.run(TestScenarios.one(s + "task t { lock sp ; alloc nofs ; unlock sp }\n"), new RandomStrategy(0), 0, false);
        assertTrue(r.violations().stream().anyMatch(v -> v instanceof Violation.SleepInAtomic), r.violations().toString());
        RunResult irq = PureRunner.run(TestScenarios.one(s + "task t { in_irq { alloc } }\n"), new RandomStrategy(0), 0, false);
        assertTrue(irq.violations().stream().anyMatch(v -> v instanceof Violation.SleepInAtomic x && x.spinlock().equals("(interrupt context)")));
    }

    @Test void lockTwoOrdersByMappingAndLockTwoInodesByInodeNumber() {
        // a is declared first (lower mapping address) but has the higher inode number
        String decl = "inode a pages 1 backing disk ino 20\ninode b pages 1 backing disk ino 10\n";
        Program byMapping = TestScenarios.one(decl + "task t { lock_two b.invalidate_lock a.invalidate_lock ; up_write a.invalidate_lock ; up_write b.invalidate_lock }\n");
        RunResult r = PureRunner.run(byMapping, new RandomStrategy(0), 0, true);
        assertTrue(r.trace().indexOf("a.invalidate_lock") < r.trace().indexOf("b.invalidate_lock"), r.trace());
        Program byIno = TestScenarios.one(decl + "task t { lock_two_inodes a.invalidate_lock b.invalidate_lock ; up_write a.invalidate_lock ; up_write b.invalidate_lock }\n");
        RunResult q = PureRunner.run(byIno, new RandomStrategy(0), 0, true);
        assertTrue(q.trace().indexOf("b.invalidate_lock") < q.trace().indexOf("a.invalidate_lock"), q.trace());
        // the two orders disagree: a filemap path and an xfs path on the same two inodes can ABBA, and
        // lockdep cannot tell, since both take "first" as subclass 0 and "second" as subclass 1
        Program mixed = TestScenarios.one(decl
            + "task x { lock_two a.invalidate_lock b.invalidate_lock ; up_write a.invalidate_lock ; up_write b.invalidate_lock }\n"
            + "task y { lock_two_inodes a.invalidate_lock b.invalidate_lock ; up_write a.invalidate_lock ; up_write b.invalidate_lock }\n");
        LockOrderGraph g = new LockOrderGraph();
        boolean deadlocked = false;
        for (long s = 0; s < 200; s++) {
            RunResult m = PureRunner.run(mixed, new RandomStrategy(s), s, false);
            g.add(m.lockEdges(), s);
            deadlocked |= m.outcome().label().equals("deadlock");
        }
        assertTrue(deadlocked, "the wait-for graph finds the ABBA");
        assertEquals(List.of(), g.cycles(), "the class graph does not: " + g.edges());
    }

    @Test void subclassesMakeAnnotatedNestingLegalAndInconsistentAnnotationsACycle() {
        String decl = "inode a pages 1 backing disk\ninode b pages 1 backing disk\n";
        Program ok = TestScenarios.one(decl + "task t { down_write a.invalidate_lock ; down_write_nested b.invalidate_lock 1 ; up_write b.invalidate_lock ; up_write a.invalidate_lock }\n");
        assertEquals(List.of("invalidate_lock{write}->invalidate_lock/1{write}"), List.copyOf(edges(ok, 3)));
        Program unannotated = TestScenarios.one(decl + "task t { down_write a.invalidate_lock ; down_write b.invalidate_lock ; up_write b.invalidate_lock ; up_write a.invalidate_lock }\n");
        LockOrderGraph g = new LockOrderGraph();
        g.add(PureRunner.run(unannotated, new RandomStrategy(0), 0, false).lockEdges(), 0);
        assertEquals(1, g.cycles().size(), "same class without nesting notation: possible recursive locking");
        Program inverted = TestScenarios.one(decl
            + "task x { down_write a.invalidate_lock ; down_write_nested b.invalidate_lock 1 ; up_write b.invalidate_lock ; up_write a.invalidate_lock }\n"
            + "task y { down_write_nested b.invalidate_lock 1 ; down_write a.invalidate_lock ; up_write a.invalidate_lock ; up_write b.invalidate_lock }\n");
        LockOrderGraph h = new LockOrderGraph();
        h.add(PureRunner.run(inverted, new RandomStrategy(0), 0, false).lockEdges(), 0);
        assertEquals(1, h.cycles().size(), "subclass 1 then 0 against 0 then 1");
    }

    @Test void untrackedLocksAreTrackedButMarkedInvisibleToLockdep() {
        Program p = TestScenarios.one("""
            lock glock rwsem untracked
            lock mmap_lock rwsem
            task w { down_write glock ; down_read mmap_lock ; up_read mmap_lock ; up_write glock }
            task f { down_read mmap_lock ; down_read glock ; up_read glock ; up_read mmap_lock }
            """);
        LockOrderGraph g = new LockOrderGraph();
        for (long s = 0; s < 10; s++) g.add(PureRunner.run(p, new RandomStrategy(s), s, false).lockEdges(), s);
        assertEquals(1, g.cycles().size());
        assertTrue(g.cycles().get(0).hiddenFromLockdep());
        assertTrue(g.cycles().get(0).headline().endsWith("(not visible to lockdep)"));
    }
}
