package dev.pagerace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.pagerace.TestScenarios;
import dev.pagerace.program.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitqCoreTest {
    @Test void waitReleasingQueuesBeforeTheReleaseIsSent() {
        Program p = TestScenarios.one("lock l spinlock\nwaitq q\ntask a { yield }\ntask b { yield }\n");
        Program.WaitqInfo q = p.waitqs().get(0);
        int lock = p.locks().get(0).addr();
        WaitqCore core = new WaitqCore(p, q);
        Effects fx = Cores.deliver(core, q.addr(), 0, new Msg.WaitqReq(false, lock, Msg.LockOp.RELEASE_HELD, null), new Cores.FixedServices());
        assertEquals(List.of(0), core.waiters(), "the task is on the queue already");
        assertEquals(1, fx.sends().size());
        assertEquals(lock, fx.sends().get(0).to(), "and only now is the lock released");
        // a wake_all delivered before that release still finds the waiter: no lost wakeup
        Effects wake = Cores.deliver(core, q.addr(), 1, new Msg.WaitqReq(true, -1, null, null), new Cores.FixedServices());
        assertInstanceOf(Msg.Woken.class, wake.sends().get(0).msg());
        assertEquals(0, wake.sends().get(0).to());
        assertEquals(List.of(), core.waiters());
    }
}
