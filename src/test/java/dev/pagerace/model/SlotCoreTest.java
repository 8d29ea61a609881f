package dev.pagerace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.TestScenarios;
import dev.pagerace.program.DataId;
import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlotCoreTest {
    private Program program;
    private SlotCore slot;
    private int addr;
    private final Cores.FixedServices rs = new Cores.FixedServices();
    private static final int T0 = 0, T1 = 1;

    @BeforeEach void setUp() {
        program = TestScenarios.one("inode shm pages 2 backing swap\ntask a { yield }\ntask b { yield }\n");
        addr = program.inodes().get(0).slotAddr(1);
        slot = new SlotCore(program, addr);
    }

    private Effects op(Msg.SlotOp op, int task, long id) {
        return Cores.deliver(slot, addr, task, new Msg.SlotReq(op, id, null, null, null, 0, Cores.SITE), rs);
    }

    private Value.PageRef add(int task) {
        return (Value.PageRef) Cores.reply(op(Msg.SlotOp.ADD, task, 0), task);
    }

    @Test void addInsertsALockedPageOnceAndTheRacingAddGetsNone() {
        Value.PageRef p = add(T0);
        assertTrue(slot.current().locked(), "filemap_add_folio inserts the folio locked");
        assertEquals(Value.None.NONE, Cores.reply(op(Msg.SlotOp.ADD, T1, 0), T1));
        assertEquals(p, Cores.reply(op(Msg.SlotOp.FIND, T1, 0), T1));
        Effects blocked = op(Msg.SlotOp.LOCK_PAGE, T1, p.id());
        assertTrue(blocked.sends().isEmpty(), "a page lock that cannot be granted is not answered");
        assertTrue(blocked.events().stream().anyMatch(e -> e instanceof Event.Blocked));
        Effects unlock = op(Msg.SlotOp.UNLOCK_PAGE, T0, p.id());
        assertEquals(Value.Int.of(1), Cores.reply(unlock, T1), "the unlock hands the page lock to the waiter");
    }

    @Test void deleteNeedsThePageLockAndLeavesAnOrphan() {
        Value.PageRef p = add(T0);
        op(Msg.SlotOp.UNLOCK_PAGE, T0, p.id());
        assertTrue(Cores.hasFault(op(Msg.SlotOp.DELETE, T1, p.id())), "delete of an unlocked page is a model error");
        op(Msg.SlotOp.LOCK_PAGE, T1, p.id());
        assertEquals(Value.Int.of(1), Cores.reply(op(Msg.SlotOp.DELETE, T1, p.id()), T1));
        assertNull(slot.current());
        assertEquals(Value.Int.of(0), Cores.reply(op(Msg.SlotOp.DELETE, T1, p.id()), T1), "already gone");
        Effects mapping = Cores.deliver(slot, addr, T1, new Msg.SlotReq(Msg.SlotOp.READ_ATTR, p.id(), "mapping", null, null, 0, Cores.SITE), rs);
        assertEquals(Value.None.NONE, Cores.reply(mapping, T1), "an orphan's mapping is none, and its handle still works");
    }

    @Test void swapOutAndInKeepTheDataIdentity() {
        Value.PageRef p = add(T0);
        op(Msg.SlotOp.WRITE, T0, p.id());
        DataId written = slot.current().data();
        assertEquals(DataId.Kind.WRITE, written.kind());
        op(Msg.SlotOp.SWAP_OUT, T0, p.id());
        assertNull(slot.current());
        assertEquals(written, slot.swap().data(), "the swap entry carries the page's data");
        Value.SwapRef s = (Value.SwapRef) Cores.reply(op(Msg.SlotOp.FIND, T1, 0), T1);
        Value.PageRef back = (Value.PageRef) Cores.reply(op(Msg.SlotOp.SWAP_IN, T1, 0), T1);
        assertFalse(back.id() == p.id(), "swap-in brings a new page");
        assertEquals(written, slot.current().data(), "with the same data identity");
        assertTrue(slot.current().uptodate());
        assertEquals(Value.Int.of(0), Cores.reply(op(Msg.SlotOp.FREE_SWAP, T0, s.id()), T0),
            "shmem_free_swap fails once the entry was swizzled back to a page");
    }

    @Test void swapOutWithoutThePageLockIsAModelError() {
        Value.PageRef p = add(T0);
        op(Msg.SlotOp.UNLOCK_PAGE, T0, p.id());
        assertTrue(Cores.hasFault(op(Msg.SlotOp.SWAP_OUT, T1, p.id())));
        assertSame(p.id(), slot.current().id());
    }

    @Test void freeSwapRemovesTheVerySameEntry() {
        Value.PageRef p = add(T0);
        op(Msg.SlotOp.SWAP_OUT, T0, p.id());
        long id = slot.swap().id();
        assertEquals(Value.Int.of(1), Cores.reply(op(Msg.SlotOp.FREE_SWAP, T1, id), T1));
        assertNull(slot.swap());
        assertEquals(Value.None.NONE, Cores.reply(op(Msg.SlotOp.FIND, T1, 0), T1));
    }
}
