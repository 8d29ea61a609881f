package dev.pagerace.engine.dfs;

import dev.pagerace.model.Effects;
import dev.pagerace.model.Envelope;
import dev.pagerace.model.Event;
import dev.pagerace.program.DataId;
import dev.pagerace.program.Program;

/**
 * What one delivery touched, for the sleep sets' independence relation. A
 * delivery changes only its target object, adds messages to the pending set
 * (a multiset: adds commute) and reports events about tasks to the oracles'
 * mirror. Two deliveries are independent when they have different targets,
 * their events concern disjoint sets of tasks (held locks, blocks and wait
 * edges are kept per task), and neither writes mirror state the other's
 * oracle checks read or write: a slot's content (written by that slot; read
 * by op begin/end for the punch snapshot and residue check, and by a freed
 * block's staleness check), the block generations (written by the pool; read
 * when a block's data is added or read) and the block maps (written by
 * inodes; read at writeback). Everything else an oracle judges is in the
 * event itself or in one task's part of the mirror.
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
    /** Slots of the oracles' page-cache mirror read and written (bit k: the k-th slot of the run). */
    long slotsRead, slotsWritten;
    /** The block generations (pool) and the block maps (inodes) of the mirror. */
    boolean poolRead, poolWritten, mapsRead, mapsWritten;
    /** More than 64 tasks or slots, or an event this relation does not know: dependent on everything. */
    boolean wide;

    Footprint(int to) { this.to = to; }

    static Footprint of(Program p, Envelope env, Effects fx) {
        Footprint f = new Footprint(env.to());
        f.task(env.task());
        if (env.to() < p.tasks().size()) f.task(env.to());
        for (int i = 0, n = fx.sendCount(); i < n; i++) f.task(fx.sendTask(i));
        int slots = p.poolAddr() - p.slotBase();
        for (Event e : fx.events()) f.event(e, p, slots);
        return f;
    }

    private void event(Event e, Program p, int slots) {
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
        else if (e instanceof Event.OpBegin o) { task(o.task()); allSlotsRead(slots); } // the punch snapshot
        else if (e instanceof Event.OpEnd o) { task(o.task()); allSlotsRead(slots); }   // the punch residue check
        else if (e instanceof Event.SlotState st) {
            if (st.byTask() >= 0) task(st.byTask());
            slotWritten(st.slot() - p.slotBase());
            // DataOracle: a page added from a block is compared with the block's generation
            if (st.added() && st.data() != null && st.data().kind() == DataId.Kind.BLOCK) poolRead = true;
        }
        else if (e instanceof Event.ReadData r) { task(r.task()); if (r.data().kind() == DataId.Kind.BLOCK) poolRead = true; }
        else if (e instanceof Event.Writeback w) { task(w.task()); mapsRead = true; }
        else if (e instanceof Event.Mapped m) task(m.task());   // judged on the event alone
        else if (e instanceof Event.Deleted d) task(d.task());  // judged on the event alone; marks the task's ops
        else if (e instanceof Event.BlockMap) mapsWritten = true;
        else if (e instanceof Event.BlockFreed) { poolWritten = true; allSlotsRead(slots); } // every cached copy goes stale
        else wide = true;
    }

    private void task(int t) {
        if (t < 0) return;
        if (t >= 64) wide = true;
        else tasks |= 1L << t;
    }

    private void slotWritten(int k) {
        if (k >= 64) wide = true;
        else slotsWritten |= 1L << k;
    }

    private void allSlotsRead(int slots) {
        if (slots > 64) wide = true;
        else slotsRead |= slots == 64 ? -1L : (1L << slots) - 1;
    }

    void union(Footprint o) {
        tasks |= o.tasks;
        slotsRead |= o.slotsRead;
        slotsWritten |= o.slotsWritten;
        poolRead |= o.poolRead;
        poolWritten |= o.poolWritten;
        mapsRead |= o.mapsRead;
        mapsWritten |= o.mapsWritten;
        wide |= o.wide;
    }

    /** Touches no other task and none of the mirror's page-cache or block state. */
    boolean local(int task) {
        return !wide && tasks == (1L << task) && slotsRead == 0 && slotsWritten == 0
            && !poolRead && !poolWritten && !mapsRead && !mapsWritten;
    }

    boolean independent(Footprint o) {
        if (to == o.to || wide || o.wide) return false;
        if ((tasks & o.tasks) != 0) return false;
        if ((slotsWritten & (o.slotsRead | o.slotsWritten)) != 0 || (o.slotsWritten & slotsRead) != 0) return false;
        if ((poolWritten && (o.poolRead || o.poolWritten)) || (o.poolWritten && poolRead)) return false;
        return !((mapsWritten && (o.mapsRead || o.mapsWritten)) || (o.mapsWritten && mapsRead));
    }
}
