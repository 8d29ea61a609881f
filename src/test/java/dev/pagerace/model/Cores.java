package dev.pagerace.model;

import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Value;

/** Helpers to drive pure cores by hand. */
final class Cores {
    private Cores() {}

    static final Site SITE = new Site(new dev.pagerace.lang.Pos(
        dev.pagerace.lang.Source.of("t.kp", java.nio.file.Path.of("t.kp"), "yield\n"), 1, 1), CallChain.root("a"));

    /** Always picks option 0; ids count up from 1. */
    static final class FixedServices implements RunServices {
        long ids;
        @Override public int choose(ChoiceKind kind, int n) { return 0; }
        @Override public long newId() { return ++ids; }
    }

    static Effects deliver(ModelObject o, int to, int task, Msg msg, RunServices rs) {
        Effects fx = new Effects(true);
        o.deliver(new Envelope(0, to, task, msg), rs, fx);
        return fx;
    }

    /** The value of the single reply to {@code task} in {@code fx}. */
    static Value reply(Effects fx, int task) {
        Value found = null;
        for (Effects.Send s : fx.sends()) {
            if (s.to() == task && s.msg() instanceof Msg.Reply r) {
                if (found != null) throw new AssertionError("two replies to " + task);
                found = r.value();
            }
        }
        if (found == null) throw new AssertionError("no reply to task " + task + " in " + fx.sends() + " / " + fx.events());
        return found;
    }

    static boolean hasFault(Effects fx) {
        return fx.events().stream().anyMatch(e -> e instanceof Event.ModelFault);
    }
}
