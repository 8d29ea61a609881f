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

    @Test void rwsemReleaseGrantsHeadWriterThenAllHeadReaders() {
        LockState s = new LockState(LockKind.RWSEM);
        s.grant(A, Mode.WRITE, null);
        s.enqueue(B, Mode.READ, null);
        s.enqueue(C, Mode.READ, null);
        s.enqueue(D, Mode.WRITE, null);
        s.enqueue(E, Mode.READ, null);
        assertTrue(tasks(s.handOver()).isEmpty(), "nothing is granted while the writer holds it");
        s.release(A, Mode.WRITE);
        assertEquals(List.of(B, C), tasks(s.handOver()), "every reader at the head of the queue");
        assertEquals(List.of(D, E), tasks(s.waiters()));
        s.release(B, Mode.READ);
        assertTrue(s.handOver().isEmpty(), "the writer waits for the last reader");
        s.release(C, Mode.READ);
        assertEquals(List.of(D), tasks(s.handOver()));
        s.release(D, Mode.WRITE);
        assertEquals(List.of(E), tasks(s.handOver()));
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

    @Test void rwlockReadersBargePastWaitingWriters() {
        LockState s = new LockState(LockKind.RWLOCK);
        s.grant(A, Mode.READ, null);
        s.enqueue(B, Mode.WRITE, null);
        assertTrue(s.admits(Mode.READ), "reader-preferring: the writer can starve");
        s.grant(C, Mode.READ, null);
        s.release(A, Mode.READ);
        assertTrue(s.handOver().isEmpty());
        s.release(C, Mode.READ);
        assertEquals(List.of(B), tasks(s.handOver()));
    }

    @Test void releaseOfALockNotHeldIsRefused() {
        LockState s = new LockState(LockKind.RWSEM);
        s.grant(A, Mode.READ, null);
        assertNull(s.release(A, Mode.WRITE));
        assertNull(s.release(B, Mode.READ));
        assertEquals(1, s.holders().size());
    }
}
