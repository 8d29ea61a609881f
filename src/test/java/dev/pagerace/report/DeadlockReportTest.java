package dev.pagerace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.oracle.Violation;
import dev.pagerace.oracle.Violation.Holding;
import dev.pagerace.oracle.Violation.Waiting;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real deadlock's report tells events in the order they happened and
 * each wait as it is: Jan Kara's gfs2 case (2021), where the mapper queues
 * for mmap_lock behind the faulter that holds it for read, and the writer,
 * holding the glock, then asks for mmap_lock for read and queues behind the
 * mapper (rwsem_down_read_slowpath(): a reader waits behind a queued writer).
 */
class DeadlockReportTest {
    private static Holding h(String task, int pid, String res, String cls, String kcls, String mode, long step) {
        return new Holding(task, res, cls, mode, "f.kp:" + step + " in " + task + "()", "", step, kcls, pid);
    }

    private static Violation.Deadlock gfs2() {
        Holding faulterMmap = h("faulter", 1, "mmap_lock", "mmap_lock", "&mm->mmap_lock", "read", 43);
        Holding writerGlock = h("writer", 0, "f.glock", "glock", "glock", "write", 47);
        // the cycle as the wait-for graph found it: writer -> mapper -> faulter -> writer
        Waiting writer = new Waiting("writer", "mmap_lock", "mmap_lock", "read", "f.kp:37 in fault()", "    f.kp:37  fault()\n",
            "held by faulter(read), 1 already waiting", List.of(faulterMmap), List.of(writerGlock), 54, "&mm->mmap_lock", 0);
        Waiting mapper = new Waiting("mapper", "mmap_lock", "mmap_lock", "write", "f.kp:67 in remap()", "    f.kp:67  remap()\n",
            "held by faulter(read)", List.of(faulterMmap), List.of(), 50, "&mm->mmap_lock", 2);
        Waiting faulter = new Waiting("faulter", "f.glock", "glock", "read", "f.kp:38 in fault()", "    f.kp:38  fault()\n",
            "held by writer(write)", List.of(writerGlock), List.of(faulterMmap), 52, "glock", 1);
        return new Violation.Deadlock(54, List.of(writer, mapper, faulter), List.of(writer, mapper, faulter));
    }

    @Test void theScenarioTableListsEventsInTheOrderTheyHappened() {
        String r = DeadlockReport.render(gfs2(), "pagerace: test");
        int a = r.indexOf("rlock(mmap_lock);  #43"), b = r.indexOf("lock(f.glock);  #47"), c = r.indexOf("lock(mmap_lock);  #50"),
            d = r.indexOf("rlock(f.glock);  #52"), e = r.indexOf("rlock(mmap_lock);  #54");
        assertTrue(a > 0 && a < b && b < c && c < d && d < e, r);
        // the current task, whose wait closed the cycle, is lockdep's CPU0: first column, rows at two spaces
        assertTrue(r.contains("\n       writer/0                mapper/2                faulter/1\n"), r);
        assertTrue(r.contains("\n  rlock(mmap_lock);  #54\n"), r);
        assertTrue(r.contains("\n                               lock(mmap_lock);  #50\n"), r);
    }

    @Test void aReaderQueuedBehindAWriterWaitsForThatWriterNotTheHolder() {
        String r = DeadlockReport.render(gfs2(), "pagerace: test");
        assertTrue(r.contains("writer/0 waits since step 54 for mmap_lock{read}: queued behind mapper/2's {write} request of step 50"), r);
        assertTrue(r.contains("mapper/2 waits since step 50 for mmap_lock{write}: held by faulter/1{read} since step 43"), r);
        // lockdep's numbering: #0 is the lock being acquired by the current task
        assertTrue(r.contains("-> #0 (&mm->mmap_lock){read}:\n       f.kp:37  fault()\n"), r);
        assertTrue(r.contains("writer/0 is trying to acquire lock:\nmmap_lock (&mm->mmap_lock){read}, at: f.kp:37 in fault()\n"
            + "\nbut task is already holding lock:\nf.glock (glock){write}, at: f.kp:47 in writer()\n"), r);
        assertEquals(r.indexOf("WARNING: possible circular locking dependency detected"), r.indexOf("WARNING"), r);
    }

    @Test void twoLocksOfOneClassInOppositeOrdersAreRecursiveLockingWithTheNestingHint() {
        Holding abA = h("dedupe_ab", 0, "a.invalidate_lock", "invalidate_lock", "mapping.invalidate_lock", "write", 5);
        Holding baB = h("dedupe_ba", 1, "b.invalidate_lock", "invalidate_lock", "mapping.invalidate_lock", "write", 7);
        Waiting ab = new Waiting("dedupe_ab", "b.invalidate_lock", "invalidate_lock", "write", "f.kp:103 in reflink()", "", "held by dedupe_ba(write)",
            List.of(baB), List.of(abA), 8, "mapping.invalidate_lock", 0);
        Waiting ba = new Waiting("dedupe_ba", "a.invalidate_lock", "invalidate_lock", "write", "f.kp:103 in reflink()", "", "held by dedupe_ab(write)",
            List.of(abA), List.of(baB), 10, "mapping.invalidate_lock", 1);
        String r = DeadlockReport.render(new Violation.Deadlock(10, List.of(ab, ba), List.of(ab, ba)), "pagerace: test");
        assertTrue(r.startsWith("============================================\nWARNING: possible recursive locking detected\n"), r);
        assertTrue(r.contains("\n *** DEADLOCK ***\n\n May be due to missing lock nesting notation\n"), r);
        // the instances tell the four rows apart, where lockdep's class names cannot
        assertTrue(r.indexOf("lock(a.invalidate_lock);  #5") < r.indexOf("lock(b.invalidate_lock);  #7")
            && r.indexOf("lock(b.invalidate_lock);  #8") < r.indexOf("lock(a.invalidate_lock);  #10"), r);
    }
}
