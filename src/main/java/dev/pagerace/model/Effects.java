package dev.pagerace.model;

import dev.pagerace.lang.Pos;
import dev.pagerace.program.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of one delivery: the messages the object sends (they go to the
 * pending set, never straight to their target), the events it reports, and a
 * short outcome for the trace (built only when the run is traced).
 *
 * <p>The pure runner reuses one instance for every delivery of a run
 * ({@link #clear()}): a delivery's answer is consumed before the next one
 * starts, and an object per delivery was a fifth of what a run allocated.
 * Sends are kept in parallel arrays for the same reason; {@link #sends()}
 * makes records of them for tests and tools.
 */
public final class Effects {
    /** A message to enqueue: to whom, on behalf of which task. */
    public record Send(int to, int task, Msg msg) {}

    private final boolean tracing;
    private int[] to = new int[4];
    private int[] task = new int[4];
    private Msg[] msg = new Msg[4];
    private int nSends;
    private final List<Event> events = new ArrayList<>(8);
    private String outcome = "";

    public Effects(boolean tracing) {
        this.tracing = tracing;
    }

    /** Empties this answer for the next delivery. */
    public void clear() {
        java.util.Arrays.fill(msg, 0, nSends, null);
        nSends = 0;
        events.clear();
        outcome = "";
    }

    /** Whether to spend time on trace text; cores check this before building strings. */
    public boolean tracing() { return tracing; }

    public void send(int to, int task, Msg msg) {
        if (nSends == this.to.length) {
            int n = nSends * 2;
            this.to = java.util.Arrays.copyOf(this.to, n);
            this.task = java.util.Arrays.copyOf(this.task, n);
            this.msg = java.util.Arrays.copyOf(this.msg, n);
        }
        this.to[nSends] = to;
        this.task[nSends] = task;
        this.msg[nSends] = msg;
        nSends++;
    }

    public void reply(int from, int task, Value v) { send(task, task, new Msg.Reply(from, v)); }

    public void event(Event e) { events.add(e); }

    public void fault(int task, Pos pos, String message) { events.add(new Event.ModelFault(task, message, pos)); }

    public void outcome(String s) {
        if (tracing) outcome = s;
    }

    public int sendCount() { return nSends; }

    public int sendTo(int i) { return to[i]; }

    public int sendTask(int i) { return task[i]; }

    public Msg sendMsg(int i) { return msg[i]; }

    /** The sends as records, in order (a copy). */
    public List<Send> sends() {
        List<Send> out = new ArrayList<>(nSends);
        for (int i = 0; i < nSends; i++) out.add(new Send(to[i], task[i], msg[i]));
        return out;
    }

    public List<Event> events() { return events; }

    public String outcome() { return outcome; }
}
