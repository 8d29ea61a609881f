package dev.pagerace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LRU list's core by hand: order, isolation, put-back, removal, copies and fingerprints. */
class LruCoreTest {
    private static final Program P = TestScenarios.one("""
        inode f pages 4 backing swap
        path reclaim() { v = lru_isolate ; if v != none { lru_putback v } }
        task t { alloc }
        """);
    private static final int T = 0;
    private static final Cores.FixedServices RS = new Cores.FixedServices();

    private static Value.PageRef page(int idx, long id) {
        Program.InodeInfo f = P.inodes().get(0);
        return new Value.PageRef(f.slotAddr(idx), id, "f[" + idx + "]");
    }

    private static Effects send(LruCore lru, Msg.LruOp op, Value.PageRef p, Value answer) {
        return Cores.deliver(lru, P.lruAddr(), T, new Msg.LruReq(op, p, answer, Cores.SITE), RS);
    }

    private static Value isolate(LruCore lru) {
        return Cores.reply(send(lru, Msg.LruOp.ISOLATE, null, null), T);
    }

    private static long hash(ModelObject o) {
        Fingerprint f = new Fingerprint();
        f.reset(1);
        o.fingerprint(f);
        return f.hash();
    }

    @Test void theProgramWithAnLruOperationHasAnLruObjectAfterThePool() {
        assertTrue(P.usesLru());
        assertEquals(P.poolAddr() + 1, P.lruAddr());
        assertEquals(P.lruAddr() + 1, P.objectCount());
        assertEquals("lru", P.name(P.lruAddr()));
        Program none = TestScenarios.one("inode f pages 1 backing swap\ntask t { p = add f 0 ; unlock_page p }\n");
        assertFalse(none.usesLru());
        assertEquals(-1, none.lruAddr());
        assertEquals(none.poolAddr() + 1, none.objectCount());
    }

    @Test void addsGoToTheYoungEndAndIsolateTakesTheColdEnd() {
        LruCore lru = new LruCore(P);
        Value.PageRef a = page(2, 5), b = page(0, 6), c = page(3, 7);
        for (Value.PageRef p : List.of(a, b, c)) assertEquals(p, Cores.reply(send(lru, Msg.LruOp.ADD, p, p), T), "ADD answers with the slot's answer");
        assertEquals(List.of(a, b, c), lru.order());
        assertEquals(a, isolate(lru));
        assertEquals(List.of(b, c), lru.order());
        assertEquals(List.of(a), lru.isolated());
        // the put-back goes to the young end: the next isolate takes b, then c, then a again
        assertEquals(Value.None.NONE, Cores.reply(send(lru, Msg.LruOp.PUTBACK, a, null), T));
        assertEquals(List.of(b, c, a), lru.order());
        assertEquals(b, isolate(lru));
        assertEquals(c, isolate(lru));
        assertEquals(a, isolate(lru));
        assertEquals(Value.None.NONE, isolate(lru), "an empty LRU isolates nothing");
    }

    @Test void aPageLeavingTheCacheLeavesTheListAndAnIsolatedOneIsFreedNotPutBack() {
        LruCore lru = new LruCore(P);
        Value.PageRef a = page(0, 1), b = page(1, 2), c = page(2, 3);
        for (Value.PageRef p : List.of(a, b, c)) send(lru, Msg.LruOp.ADD, p, p);
        assertEquals(Value.Int.of(1), Cores.reply(send(lru, Msg.LruOp.REMOVE, b, Value.Int.of(1)), T), "delete's answer passes through");
        assertEquals(List.of(a, c), lru.order());
        assertEquals(a, isolate(lru));
        // truncate deletes the isolated folio: it leaves the isolated set, and reclaim's put-back frees it
        send(lru, Msg.LruOp.REMOVE, a, Value.Int.of(1));
        assertEquals(List.of(), lru.isolated());
        Effects back = send(lru, Msg.LruOp.PUTBACK, a, null);
        assertEquals(Value.None.NONE, Cores.reply(back, T));
        assertFalse(Cores.hasFault(back));
        assertEquals(List.of(c), lru.order(), "a freed folio is not put back");
        // only an isolated page is put back; one on the list is a model fault
        assertTrue(Cores.hasFault(send(lru, Msg.LruOp.PUTBACK, c, null)));
        assertTrue(Cores.hasFault(send(lru, Msg.LruOp.REMOVE, a, null)), "a page on no list cannot leave it");
    }

    @Test void aCopySharesNothingAndTheFingerprintFollowsOrderAndIsolation() {
        LruCore lru = new LruCore(P);
        Value.PageRef a = page(0, 1), b = page(1, 2);
        long empty = hash(lru);
        send(lru, Msg.LruOp.ADD, a, a);
        send(lru, Msg.LruOp.ADD, b, b);
        long ab = hash(lru);
        assertNotEquals(empty, ab);
        LruCore copy = (LruCore) lru.copy();
        assertEquals(ab, hash(copy));
        assertEquals(a, isolate(copy));
        assertEquals(List.of(a, b), lru.order(), "isolating in the copy leaves the original alone");
        assertEquals(List.of(), lru.isolated());
        long isolatedA = hash(copy);
        assertNotEquals(ab, isolatedA, "isolation changes the state");
        send(copy, Msg.LruOp.PUTBACK, a, null);
        assertEquals(List.of(b, a), copy.order());
        assertNotEquals(ab, hash(copy), "the order is part of the state: b, a is not a, b");
        assertNotEquals(isolatedA, hash(copy));
    }
}
