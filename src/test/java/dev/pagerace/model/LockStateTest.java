package dev.pagerace.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.program.LockKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockStateTest {
    private static final int A = 0, B = 1, C = 2, D = 3, E = 4;

    private static List<Integer> tasks(List<LockState.Waiter> ws) {
        return ws.stream().map(LockState.Waiter::task).toList();
    }

    @Test void rwsemReaderQueuesBehindWaitingWriter() {
        LockState s = new LockState(LockKind.RWSEM);
        assertTrue(s.admits(Mode.READ));
        s.grant(A, Mode.READ, null);
        assertTrue(s.admits(Mode.READ), "readers share while nobody waits");
        assertFalse(s.admits(Mode.WRITE));
        s.enqueue(B, Mode.WRITE, null);
        assertFalse(s.admits(Mode.READ), "a reader must not overtake the queued writer");
    }

    @Test void rwsemReleaseWakesEveryQueuedReaderPastWritersAsRwsemMarkWakeDoes() {
        LockState s = new LockState(LockKind.RWSEM);
        s.grant(A, Mode.WRITE, null);
        s.enqueue(B, Mode.READ, null);
        s.enqueue(C, Mode.READ, null);
        s.enqueue(D, Mode.WRITE, null);
        s.enqueue(E, Mode.READ, null);
        assertTrue(tasks(s.handOver()).isEmpty(), "nothing is granted while the writer holds it");
        LockState.Waiter late = s.waiters().get(3);
        assertArrayEquals(new int[] {A}, s.waitsFor(late), "E is woken with the head readers, past D: it waits only for A");
        s.release(A, Mode.WRITE);
        assertEquals(List.of(B, C, E), tasks(s.handOver()), "a reader at the head wakes every queued reader");
        assertEquals(List.of(D), tasks(s.waiters()));
        s.release(B, Mode.READ);
        s.release(C, Mode.READ);
        assertTrue(s.handOver().isEmpty(), "the writer waits for the last reader");
        s.release(E, Mode.READ);
        assertEquals(List.of(D), tasks(s.handOver()));
    }

    @Test void rwsemHeadWriterGoesFirstAndTheReadersBehindItWaitForIt() {
        LockState s = new LockState(LockKind.RWSEM);
        s.grant(A, Mode.READ, null);
        s.enqueue(B, Mode.WRITE, null);
        s.enqueue(C, Mode.READ, null);
        s.enqueue(D, Mode.WRITE, null);
        s.enqueue(E, Mode.READ, null);
        assertArrayEquals(new int[] {B}, s.waitsFor(s.waiters().get(1)), "C waits for the head writer");
        assertArrayEquals(new int[] {A, B, C}, s.waitsFor(s.waiters().get(2)), "D waits for everyone ahead");
        s.release(A, Mode.READ);
        assertEquals(List.of(B), tasks(s.handOver()));
        s.release(B, Mode.WRITE);
        assertEquals(List.of(C, E), tasks(s.handOver()), "then the readers, past D");
    }

    @Test void mutexIsFifo() {
        LockState s = new LockState(LockKind.MUTEX);
        s.grant(A, Mode.WRITE, null);
        s.enqueue(C, Mode.WRITE, null);
        s.enqueue(B, Mode.WRITE, null);
        s.release(A, Mode.WRITE);
        assertEquals(List.of(C), tasks(s.handOver()));
        s.release(C, Mode.WRITE);
        assertEquals(List.of(B), tasks(s.handOver()));
    }

    @Test void recursiveReadBehindQueuedWriterWaitsForTheWriterWhichWaitsForIt() {
        LockState s = new LockState(LockKind.RWSEM);
        s.grant(A, Mode.READ, null);
        s.enqueue(B, Mode.WRITE, null);
        assertFalse(s.admits(Mode.READ), "A's second down_read blocks behind B");
        s.enqueue(A, Mode.READ, null);
        LockState.Waiter writer = s.waiters().get(0);
        LockState.Waiter again = s.waiters().get(1);
        assertArrayEquals(new int[] {A}, s.waitsFor(writer));
        assertArrayEquals(new int[] {B}, s.waitsFor(again));
    }

    @Test void exclusiveRelockWaitsForItself() {
        LockState s = new LockState(LockKind.SPINLOCK);
        s.grant(A, Mode.WRITE, null);
        s.enqueue(A, Mode.WRITE, null);
        assertArrayEquals(new int[] {A}, s.waitsFor(s.waiters().get(0)));
    }

    @Test void qrwlockProcessReadersQueueBehindAWaitingWriter() {
        LockState s = new LockState(LockKind.RWLOCK);
        s.grant(A, Mode.READ, null);
        s.enqueue(B, Mode.WRITE, null);
        assertFalse(s.admits(Mode.READ), "queued_read_lock(): a process-context reader sees _QW_WAITING and queues");
        s.enqueue(C, Mode.READ, null);
        assertArrayEquals(new int[] {B}, s.waitsFor(s.waiters().get(1)));
        s.release(A, Mode.READ);
        assertEquals(List.of(B), tasks(s.handOver()));
        s.release(B, Mode.WRITE);
        assertEquals(List.of(C), tasks(s.handOver()));
    }

    @Test void qrwlockInterruptReadersBargeAndCanStarveTheWriter() {
        LockState s = new LockState(LockKind.RWLOCK);
        s.grant(A, Mode.READ, null);
        s.enqueue(B, Mode.WRITE, null);
        assertTrue(s.admits(Mode.READ, true), "in_interrupt(): only a writer holding it stops a reader");
        s.grant(C, Mode.READ, null);
        s.release(A, Mode.READ);
        assertTrue(s.handOver().isEmpty(), "the writer still waits for the interrupt reader");
        s.release(C, Mode.READ);
        assertEquals(List.of(B), tasks(s.handOver()));
        // a writer holds it: an interrupt reader waits for the holder only, and gets in before queued writers
        s.enqueue(D, Mode.WRITE, null);
        s.enqueue(E, Mode.READ, null, true);
        assertArrayEquals(new int[] {B}, s.waitsFor(s.waiters().get(1)));
        assertArrayEquals(new int[] {B, E}, s.waitsFor(s.waiters().get(0)), "the queued writer waits for the barging reader too");
        s.release(B, Mode.WRITE);
        assertEquals(List.of(E), tasks(s.handOver()));
    }

    @Test void releaseOfALockNotHeldIsRefused() {
        LockState s = new LockState(LockKind.RWSEM);
        s.grant(A, Mode.READ, null);
        assertNull(s.release(A, Mode.WRITE));
        assertNull(s.release(B, Mode.READ));
        assertEquals(1, s.holders().size());
    }
}
