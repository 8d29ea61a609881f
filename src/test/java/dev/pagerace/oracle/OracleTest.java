package dev.pagerace.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.lang.Pos;
import dev.pagerace.lang.Source;
import dev.pagerace.model.CallChain;
import dev.pagerace.model.Event;
import dev.pagerace.model.Mode;
import dev.pagerace.model.Site;
import dev.pagerace.program.DataId;
import dev.pagerace.program.Program;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each oracle on hand-built histories: one that must fire, one that must not. */
class OracleTest {
    private static final Program P = TestScenarios.one("""
        inode f pages 4 backing disk
        inode s pages 2 backing swap
        lock spin spinlock
        lock m mutex
        task t0 { yield }
        task t1 { yield }
        """);
    private static final Site SITE = new Site(new Pos(Source.of("h.kp", Path.of("h.kp"), "x\n"), 1, 1), CallChain.root("t0"));
    private static final int T0 = 0, T1 = 1;

    private static int slot(int inode, int idx) { return P.inodes().get(inode).slotAddr(idx); }

    /** Applies events in order; returns the first violation the oracle reports. */
    private static Violation feed(Oracle o, Event... events) {
        RunState s = new RunState(P);
        long step = 0;
        for (Event e : events) {
            s.step(++step);
            s.apply(e);
            Violation v = o.onEvent(e, s);
            if (v == null) v = o.afterDelivery(s);
            if (v != null) return v;
        }
        return null;
    }

    private static Event.SlotState page(int inode, int idx, long id, DataId d, int by) {
        return new Event.SlotState(slot(inode, idx), inode, idx, 1, id, d, by, true);
    }

    @Test void aFreedBlockUnderACachedPageIsStaleOnlyIfThePageOutlivesEveryTask() {
        // f[1] starts on block 1, generation 0; a page read from it, then the block is freed
        Event cached = page(0, 1, 7, DataId.block(1, 0), T0);
        Event unmapped = new Event.BlockMap(0, 1, -1, 0);
        Event freed = new Event.BlockFreed(1, 1);
        assertNull(feed(new DataOracle(), cached, unmapped, freed), "a punch may free first and truncate under the same lock");
        RunState s = new RunState(P);
        for (Event e : new Event[] {cached, unmapped, freed, new Event.TaskDone(T0), new Event.TaskDone(T1)}) s.apply(e);
        assertInstanceOf(Violation.StaleData.class, new DataOracle().atEnd(s), "left in the cache when every task is done");
        RunState truncated = new RunState(P);
        for (Event e : new Event[] {cached, unmapped, freed, new Event.SlotState(slot(0, 1), 0, 1, 0, 0, null, T1, false),
                new Event.TaskDone(T0), new Event.TaskDone(T1)}) truncated.apply(e);
        assertNull(new DataOracle().atEnd(truncated));
    }

    @Test void staleDataWhenAPageIsAddedFromAnAlreadyFreedBlock() {
        Violation v = feed(new DataOracle(), new Event.BlockFreed(2, 1), page(0, 2, 9, DataId.block(2, 0), T1));
        assertTrue(((Violation.StaleData) v).detail().contains("after that block was freed"));
        assertNull(feed(new DataOracle(), new Event.BlockFreed(2, 1), page(0, 2, 9, DataId.block(2, 1), T1)));
    }

    @Test void dataExposureOnReadingAFreedBlocksData() {
        Violation v = feed(new DataOracle(), new Event.BlockFreed(3, 1), new Event.ReadData(T0, slot(0, 3), 4, DataId.block(3, 0), SITE));
        assertInstanceOf(Violation.DataExposure.class, v);
        assertNull(feed(new DataOracle(), new Event.ReadData(T0, slot(0, 3), 4, DataId.block(3, 0), SITE)));
        assertNull(feed(new DataOracle(), new Event.BlockFreed(3, 1), new Event.ReadData(T0, slot(0, 3), 4, DataId.write(5), SITE)));
    }

    @Test void aReadIsJudgedFromTheLookupThatHandedItThePage() {
        Event lookup = new Event.Lookup(T0, slot(0, 3), 4, DataId.block(3, 0));
        Event freed = new Event.BlockFreed(3, 1);
        Event read = new Event.ReadData(T0, slot(0, 3), 4, DataId.block(3, 0), SITE);
        assertNull(feed(new DataOracle(), lookup, freed, read), "the page was the file's contents when the read found it");
        assertInstanceOf(Violation.DataExposure.class, feed(new DataOracle(), freed, lookup, read), "found after the free");
        assertInstanceOf(Violation.DataExposure.class, feed(new DataOracle(), new Event.Lookup(T1, slot(0, 3), 4, DataId.block(3, 0)), freed, read),
            "another task's lookup does not count");
        Event op = new Event.OpBegin(T0, "read", -1, 0, 0, SITE);
        assertNull(feed(new DataOracle(), op, freed, lookup, read), "an op that began before the free is the read's interval");
    }

    @Test void writebackThroughAChangedBlockMapIsStale() {
        Violation v = feed(new DataOracle(), new Event.BlockMap(0, 0, 9, 0), new Event.Writeback(T0, 0, 0, 3, DataId.block(0, 0), SITE));
        assertTrue(((Violation.StaleData) v).detail().contains("would corrupt block 0"));
        assertNull(feed(new DataOracle(), new Event.Writeback(T0, 0, 0, 3, DataId.block(0, 0), SITE)));
    }

    @Test void orphanMappingOnMapAfterDeleteOrDeleteWhileMapped() {
        assertInstanceOf(Violation.OrphanMapping.class, feed(new OrphanMappingOracle(), new Event.Mapped(T0, slot(0, 0), 3, false, SITE)));
        assertInstanceOf(Violation.OrphanMapping.class, feed(new OrphanMappingOracle(), new Event.Deleted(T1, slot(0, 0), 3, 1, SITE)));
        assertNull(feed(new OrphanMappingOracle(), new Event.Mapped(T0, slot(0, 0), 3, true, SITE), new Event.Deleted(T1, slot(0, 0), 3, 0, SITE)));
    }

    @Test void punchResidueKeepsOldDataButAllowsNewWrites() {
        Event before = new Event.SlotState(slot(1, 0), 1, 0, 2, 11, DataId.write(1), T1, false);          // swap entry, data write#1
        Event begin = new Event.OpBegin(T0, "punch", 1, 0, 2, SITE);
        Event swappedIn = new Event.SlotState(slot(1, 0), 1, 0, 1, 12, DataId.write(1), T1, true);        // same data, now a page
        Event end = new Event.OpEnd(T0, "punch");
        Violation v = feed(new PunchResidueOracle(), before, begin, swappedIn, end);
        assertEquals(List.of("write#1 at s[0] as a page"), ((Violation.PunchResidue) v).residue());
        Event rewritten = new Event.SlotState(slot(1, 0), 1, 0, 1, 13, DataId.write(2), T1, true);        // new data: allowed
        assertNull(feed(new PunchResidueOracle(), before, begin, rewritten, end));
    }

    @Test void sleepInAtomicUnlessTheSpinlockIsTheOneReleased() {
        Event spin = new Event.Acquired(T0, "spin", "spin", Mode.WRITE, SITE);
        assertInstanceOf(Violation.SleepInAtomic.class, feed(new SleepInAtomicOracle(), spin, new Event.MightSleep(T0, "lock", "m", SITE)));
        assertNull(feed(new SleepInAtomicOracle(), spin, new Event.MightSleep(T0, "wait", "q", SITE, "spin")));
        assertNull(feed(new SleepInAtomicOracle(), spin, new Event.Released(T0, "spin", Mode.WRITE), new Event.MightSleep(T0, "lock", "m", SITE)));
        assertNull(feed(new SleepInAtomicOracle(), spin, new Event.MightSleep(T1, "lock", "m", SITE)), "another task may sleep");
    }

    @Test void starvationAfterTheBoundButNotBefore() {
        Event begin = new Event.OpBegin(T0, "punch", -1, 0, 0, SITE);
        Event[] history = new Event[12];
        history[0] = begin;
        for (int i = 1; i < history.length; i++) history[i] = new Event.Unblocked(T1);
        Violation v = feed(new StarvationOracle(10, "fair"), history);
        assertEquals("punch", ((Violation.Starvation) v).op());
        assertNull(feed(new StarvationOracle(10, "fair"), java.util.Arrays.copyOf(history, 10)));
        Event[] finished = java.util.Arrays.copyOf(history, 12);
        finished[5] = new Event.OpEnd(T0, "punch");
        assertNull(feed(new StarvationOracle(10, "fair"), finished));
    }

    @Test void deadlockOracleFindsACycleOnlyWhenEveryTaskOnItIsBlocked() {
        Event a = new Event.Blocked(T0, "m", Mode.WRITE, SITE, "held by t1", new int[] {T1});
        Event b = new Event.Blocked(T1, "spin", Mode.WRITE, SITE, "held by t0", new int[] {T0});
        Violation.Deadlock d = (Violation.Deadlock) feed(new DeadlockOracle(), a, b);
        assertEquals(2, d.cycle().size());
        assertNull(feed(new DeadlockOracle(), a, new Event.Unblocked(T0), b));
    }

    private static Event.Attempt attempt(int t, String res, String cls, Mode m, int inode, int order, boolean recursive) {
        return new Event.Attempt(t, res, cls, m, SITE, inode, order, recursive, false);
    }

    private static Event.Acquired acquired(int t, String res, String cls, Mode m, int inode, int order, boolean recursive) {
        return new Event.Acquired(t, res, cls, m, SITE, inode, order, recursive, res.startsWith("page#"));
    }

    @Test void lockOrderUsesSubclassesAndAllowsAscendingPageLocks() {
        LockOrderCollector c = new LockOrderCollector();
        feed(c, acquired(T0, "f.invalidate_lock", "invalidate_lock", Mode.WRITE, 0, -1, false),
            attempt(T0, "s.invalidate_lock", "invalidate_lock/1", Mode.WRITE, 1, -1, false),
            acquired(T1, "page#1@f[0]", "page_lock", Mode.WRITE, 0, 0, false),
            attempt(T1, "page#2@f[2]", "page_lock", Mode.WRITE, 0, 2, false));
        assertEquals(List.of("invalidate_lock{write}->invalidate_lock/1{write}"), c.edges().stream().map(LockEdge::key).toList(),
            "a subclass is its own class, as in lockdep; ascending page locks are allowed");
        LockOrderCollector d = new LockOrderCollector();
        feed(d, acquired(T1, "page#2@f[2]", "page_lock", Mode.WRITE, 0, 2, false),
            attempt(T1, "page#1@f[0]", "page_lock", Mode.WRITE, 0, 0, false));
        assertEquals(List.of("page_lock{write}->page_lock{write}"), d.edges().stream().map(LockEdge::key).toList(), "descending is not");
        assertTrue(d.edges().get(0).hidden(), "lockdep does not see page locks");
        LockOrderCollector r = new LockOrderCollector();
        feed(r, acquired(T0, "l", "l", Mode.READ, -1, -1, false), attempt(T0, "l", "l", Mode.READ, -1, -1, true));
        assertEquals(List.of(), r.edges(), "a recursive read of a class held for read is allowed (check_deadlock())");
        LockOrderCollector twice = new LockOrderCollector();
        feed(twice, acquired(T0, "l", "l", Mode.READ, -1, -1, false), attempt(T0, "l", "l", Mode.READ, -1, -1, false));
        assertEquals(List.of("l{read}->l{read}"), twice.edges().stream().map(LockEdge::key).toList(), "a second down_read is not");
    }

    private static LockEdge edge(String from, String fromMode, String to, String toMode) {
        return new LockEdge(from, fromMode, to, toMode, "t0", "", "", "", "", -1, false);
    }

    @Test void lockOrderGraphTracksReadsAsLockdepDoes() {
        LockOrderGraph readers = new LockOrderGraph();
        readers.add(List.of(edge("A", "read", "B", "read"), edge("B", "read", "A", "read")), 1);
        assertEquals(1, readers.cycles().size(), "down_read is a non-recursive read: writers elsewhere can queue between them");
        assertEquals(1, readers.cycles().get(0).chain().get(0).seed());
        LockOrderGraph recursive = new LockOrderGraph();
        recursive.add(List.of(edge("A", "read", "B", "rread"), edge("B", "read", "A", "rread")), 1);
        assertEquals(List.of(), recursive.cycles(), "-(SR)-> then -(SR)-> is not a strong path");
        LockOrderGraph mixed = new LockOrderGraph();
        mixed.add(List.of(edge("A", "write", "B", "rread"), edge("B", "write", "A", "read")), 1);
        assertEquals(1, mixed.cycles().size(), "a recursive reader does wait for a writer");
        LockOrderGraph self = new LockOrderGraph();
        self.add(List.of(edge("A", "read", "A", "read")), 1);
        assertEquals(1, self.cycles().size(), "down_read twice: possible recursive locking");
    }

    @Test void lockLeakWhenATaskEndsHoldingALockButNotFsReclaim() {
        Event m = new Event.Acquired(T0, "m", "m", Mode.WRITE, SITE);
        Violation.LockLeak v = (Violation.LockLeak) feed(new LockLeakOracle(), m, new Event.TaskDone(T0));
        assertTrue(v.headline().contains("m (write"), v.headline());
        assertEquals("m", v.held().get(0).resource());
        assertNull(feed(new LockLeakOracle(), m, new Event.Released(T0, "m", Mode.WRITE), new Event.TaskDone(T0)));
        assertNull(feed(new LockLeakOracle(), m, new Event.TaskDone(T1)), "another task's locks");
        assertNull(feed(new LockLeakOracle(), new Event.Acquired(T0, "fs_reclaim", "fs_reclaim", Mode.WRITE, SITE), new Event.TaskDone(T0)));
    }

    @Test void sleepInInterruptContext() {
        Event irq = new Event.InterruptContext(T0, true, SITE);
        Violation.SleepInAtomic v = (Violation.SleepInAtomic) feed(new SleepInAtomicOracle(), irq, new Event.MightSleep(T0, "alloc", null, SITE));
        assertEquals("(interrupt context)", v.spinlock());
        assertNull(feed(new SleepInAtomicOracle(), irq, new Event.InterruptContext(T0, false, SITE), new Event.MightSleep(T0, "alloc", null, SITE)));
    }
}
