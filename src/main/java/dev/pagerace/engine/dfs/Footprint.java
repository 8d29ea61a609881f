package dev.pagerace.engine.dfs;

import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.Event;
import dev.pagerace.program.Program;

/**
 * What one delivery touched, for the sleep sets' independence relation. A
 * delivery changes only its target object, adds messages to the pending set
 * (a multiset: adds commute) and reports events about tasks to the oracles'
 * mirror. Two deliveries are independent when they have different targets,
 * their events concern disjoint sets of tasks (held locks, blocks and wait
 * edges are kept per task), and not both touch the page-cache and block
 * state the data oracles combine across objects (slots, inodes, the pool,
 * and op begin/end, whose punch snapshot and residue check read every slot).
 * Independent deliveries commute and neither disables the other (a pending
 * message stays deliverable until delivered), which is what sleep sets need
 * (Godefroid, "Partial-Order Methods for the Verification of Concurrent
 * Systems", LNCS 1032, 1996). A delivery is deterministic given its target's
 * state and its choices, so the footprint seen when it ran stays right while
 * it sleeps: only dependent deliveries could change that target.
 */
final class Footprint {
    final int to;
    long tasks;
    boolean storage;
    /** More than 64 tasks: treat as dependent on everything. */
    boolean wide;

    Footprint(int to) { this.to = to; }

    static Footprint of(Program p, Envelope env, Effects fx) {
        Footprint f = new Footprint(env.to());
        f.task(env.task());
        int tasks = p.tasks().size();
        if (env.to() < tasks) f.task(env.to());
        else if (env.to() >= p.inodeBase()) f.storage = true; // inodes, slots and the pool have the highest addresses
        for (Effects.Send s : fx.sends()) f.task(s.task());
        for (Event e : fx.events()) f.event(e);
        return f;
    }

    private void event(Event e) {
        if (e instanceof Event.Acquired a) task(a.task());
        else if (e instanceof Event.Released r) task(r.task());
        else if (e instanceof Event.Attempt a) task(a.task());
        else if (e instanceof Event.Blocked b) task(b.task());
        else if (e instanceof Event.WaitEdges w) task(w.task());
        else if (e instanceof Event.Unblocked u) task(u.task());
        else if (e instanceof Event.TaskDone d) task(d.task());
        else if (e instanceof Event.AssertFailed a) task(a.task());
        else if (e instanceof Event.MightSleep m) task(m.task());
        else if (e instanceof Event.ModelFault m) task(m.task());
        else if (e instanceof Event.OpBegin o) { task(o.task()); storage = true; }
        else if (e instanceof Event.OpEnd o) { task(o.task()); storage = true; }
        else if (e instanceof Event.SlotState s) { if (s.byTask() >= 0) task(s.byTask()); storage = true; }
        else if (e instanceof Event.Mapped m) { task(m.task()); storage = true; }
        else if (e instanceof Event.Deleted d) { task(d.task()); storage = true; }
        else if (e instanceof Event.ReadData r) { task(r.task()); storage = true; }
        else if (e instanceof Event.Writeback w) { task(w.task()); storage = true; }
        else if (e instanceof Event.BlockMap || e instanceof Event.BlockFreed) storage = true;
        else wide = true; // an event this relation does not know: be safe
    }

    private void task(int t) {
        if (t < 0) return;
        if (t >= 64) wide = true;
        else tasks |= 1L << t;
    }

    void union(Footprint o) {
        tasks |= o.tasks;
        storage |= o.storage;
        wide |= o.wide;
    }

    boolean independent(Footprint o) {
        if (to == o.to || wide || o.wide) return false;
        if (storage && o.storage) return false;
        return (tasks & o.tasks) == 0;
    }
}
