package dev.pagerace.model;

import dev.pagerace.lang.Pos;
import dev.pagerace.program.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of one delivery: the messages the object sends (they go to the
 * pending set, never straight to their target), the events it reports, and a
 * short outcome for the trace (built only when the run is traced).
 */
public final class Effects {
    /** A message to enqueue: to whom, on behalf of which task. */
    public record Send(int to, int task, Msg msg) {}

    private final boolean tracing;
    private final List<Send> sends = new ArrayList<>(2);
    private final List<Event> events = new ArrayList<>(2);
    private String outcome = "";

    public Effects(boolean tracing) {
        this.tracing = tracing;
    }

    /** Whether to spend time on trace text; cores check this before building strings. */
    public boolean tracing() { return tracing; }

    public void send(int to, int task, Msg msg) { sends.add(new Send(to, task, msg)); }

    public void reply(int from, int task, Value v) { sends.add(new Send(task, task, new Msg.Reply(from, v))); }

    public void event(Event e) { events.add(e); }

    public void fault(int task, Pos pos, String message) { events.add(new Event.ModelFault(task, message, pos)); }

    public void outcome(String s) {
        if (tracing) outcome = s;
    }

    public List<Send> sends() { return sends; }

    public List<Event> events() { return events; }

    public String outcome() { return outcome; }
}
