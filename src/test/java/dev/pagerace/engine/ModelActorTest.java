package dev.pagerace.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.pagerace.TestScenarios;
import dev.pagerace.model.CallChain;
import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.Event;
import dev.pagerace.model.InodeCore;
import dev.pagerace.model.LockCore;
import dev.pagerace.model.ModelObject;
import dev.pagerace.model.Msg;
import dev.pagerace.model.PoolCore;
import dev.pagerace.model.RunServices;
import dev.pagerace.model.Site;
import dev.pagerace.model.SlotCore;
import dev.pagerace.model.TaskCore;
import dev.pagerace.model.WaitqCore;
import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Program;
import dev.pagerace.program.Value;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Each actor kind, through its Akka shell: one Deliver in, the core's effects out, nothing sent elsewhere. */
class ModelActorTest {
    private static final ActorTestKit kit = ActorTestKit.create();

    private static final Program P = TestScenarios.one("""
        inode f pages 2 backing disk
        field f.state = IDLE
        waitq f.wq
        task t { lock f.i_lock ; unlock f.i_lock }
        task u { yield }
        """);
    private static final Site SITE = new Site(P.tasks().get(0).body().pos(), CallChain.root("t"));

    private static final RunServices RS = new RunServices() {
        long ids;
        @Override public int choose(ChoiceKind kind, int n) { return 0; }
        @Override public long newId() { return ++ids; }
    };

    @AfterAll static void shutdown() { kit.shutdownTestKit(); }

    private static Effects deliver(ModelObject core, int to, int task, Msg msg) {
        ActorRef<ModelActor.Deliver> actor = kit.spawn(ModelActor.create(core));
        TestProbe<Effects> probe = kit.createTestProbe();
        actor.tell(new ModelActor.Deliver(new Envelope(0, to, task, msg), RS, true, probe.getRef()::tell));
        Effects fx = probe.expectMessageClass(Effects.class);
        probe.expectNoMessage(java.time.Duration.ofMillis(50));
        return fx;
    }

    private static Value replyTo(Effects fx, int task) {
        Effects.Send s = fx.sends().get(0);
        assertEquals(task, s.to());
        return assertInstanceOf(Msg.Reply.class, s.msg()).value();
    }

    @Test void taskActorRunsToItsFirstSharedOperation() {
        Program.TaskInfo t = P.tasks().get(0);
        Effects fx = deliver(new TaskCore(P, t), t.addr(), t.addr(), Msg.Start.INSTANCE);
        assertEquals(1, fx.sends().size());
        Msg.LockReq req = assertInstanceOf(Msg.LockReq.class, fx.sends().get(0).msg());
        assertEquals(Msg.LockOp.LOCK, req.op());
        assertEquals("f.i_lock", P.name(fx.sends().get(0).to()));
    }

    @Test void lockActorGrantsAndAnswers() {
        Program.LockInfo l = P.locks().stream().filter(x -> x.name().equals("f.i_lock")).findFirst().orElseThrow();
        Effects fx = deliver(new LockCore(P, l), l.addr(), 0, new Msg.LockReq(Msg.LockOp.LOCK, SITE));
        assertEquals(Value.Int.of(1), replyTo(fx, 0));
        assertTrue(fx.events().stream().anyMatch(e -> e instanceof Event.Acquired));
    }

    @Test void slotActorAddsAPage() {
        int slot = P.inodes().get(0).slotAddr(1);
        Effects fx = deliver(new SlotCore(P, slot), slot, 1, new Msg.SlotReq(Msg.SlotOp.ADD, 0, null, null, null, 0, SITE));
        assertInstanceOf(Value.PageRef.class, replyTo(fx, 1));
    }

    @Test void inodeActorReadsAField() {
        Program.InodeInfo ino = P.inodes().get(0);
        Effects fx = deliver(new InodeCore(P, ino, 0), ino.addr(), 0, new Msg.InodeReq(Msg.InodeOp.READ_FIELD, "state", null, 0, 0, null, SITE));
        assertEquals(new Value.Sym("IDLE"), replyTo(fx, 0));
    }

    @Test void waitqActorQueuesWithoutAnswering() {
        Program.WaitqInfo q = P.waitqs().get(0);
        Effects fx = deliver(new WaitqCore(P, q), q.addr(), 1, new Msg.WaitqReq(false, -1, null, SITE));
        assertTrue(fx.sends().isEmpty(), "a sleeper gets no answer until wake_all");
        assertTrue(fx.events().stream().anyMatch(e -> e instanceof Event.Blocked));
    }

    @Test void poolActorFreesBlocks() {
        Effects fx = deliver(new PoolCore(P, 2), P.poolAddr(), 0, new Msg.PoolReq(true, new long[] {1}, P.inodes().get(0).addr(), 0, 1));
        assertEquals(Value.None.NONE, replyTo(fx, 0));
    }

    @Test void runActorRepliesWithTheSameResultAsThePureRunner() {
        TestProbe<RunResult> probe = kit.createTestProbe();
        kit.spawn(RunActor.create(P, new RandomStrategy(9), 9, true, probe.getRef()));
        RunResult viaActors = probe.expectMessageClass(RunResult.class);
        RunResult pure = PureRunner.run(P, new RandomStrategy(9), 9, true);
        assertEquals(pure.trace(), viaActors.trace());
        assertEquals(new Outcome.Clean(), viaActors.outcome());
        assertEquals(List.of(), List.of());
    }
}
