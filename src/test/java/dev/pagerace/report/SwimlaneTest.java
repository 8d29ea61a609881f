package dev.pagerace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.report.html.Swimlane;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The swimlane reads RunCore's trace columns and draws blocked time and the wait-for cycle. */
class SwimlaneTest {
    // the gfs2 glock/mmap_lock deadlock of scenarios/gfs2-glock-mmap.kp (glock-mmap, seed 1, shrunk), as RunCore prints it
    static final String TRACE = String.join("\n",
        "# pagerace run: gfs2-glock-mmap/glock-mmap strategy replay seed 1",
        "step    task           operation          object                 outcome",
        String.format("#%-6d %-14s %-18s %-22s %s", 1, "faulter", "down_read", "mmap_lock", "acquired"),
        String.format("#%-6d %-14s %-18s %-22s %s", 2, "mapper", "down_write", "mmap_lock", "blocked: held by faulter(read)"),
        String.format("#%-6d %-14s %-18s %-22s %s", 3, "writer", "down_write", "f.glock", "acquired"),
        String.format("#%-6d %-14s %-18s %-22s %s", 4, "writer", "read .buf_pte", "g", "-> 0"),
        String.format("#%-6d %-14s %-18s %-22s %s", 5, "writer", "down_read", "mmap_lock", "blocked: held by faulter(read), 1 already waiting"),
        String.format("#%-6d %-14s %-18s %-22s %s", 6, "a-task-name-longer-than-its-column", "yield", "a-task-name-longer-than-its-column", "resumed"),
        String.format("#%-6d %-14s %-18s %-22s %s", 7, "faulter", "down_read", "f.glock", "blocked: held by writer(write)"),
        "# deadlock after 7 deliveries");

    static final List<Swimlane.Edge> CYCLE = List.of(new Swimlane.Edge("writer", "mmap_lock", "mapper"),
        new Swimlane.Edge("mapper", "mmap_lock", "faulter"), new Swimlane.Edge("faulter", "f.glock", "writer"));

    @Test void theTraceColumnsAreReadBack() {
        List<Swimlane.Row> rows = Swimlane.parse(TRACE);
        assertEquals(7, rows.size(), "header and comment lines are not deliveries");
        assertEquals(new Swimlane.Row(4, "writer", "read .buf_pte", "g", "-> 0"), rows.get(3), "an operation may hold a space");
        assertEquals(new Swimlane.Row(6, "a-task-name-longer-than-its-column", "yield", "a-task-name-longer-than-its-column", "resumed"), rows.get(5),
            "a field longer than its column pushes the others right");
        assertEquals("blocked: held by faulter(read), 1 already waiting", rows.get(4).outcome());
    }

    @Test void blockedTimeAndTheCycleAreDrawn() {
        String svg = Swimlane.svg(List.of("writer", "faulter", "mapper"), Swimlane.parse(TRACE), CYCLE, 60, "t");
        assertEquals(3, count(svg, "class=\"cycle-edge\""), "one arrow per edge of the cycle");
        // mapper blocks at #2 and never runs again, writer at #5, faulter at #7: three shaded spans
        assertEquals(3, count(svg, "class=\"blocked\""));
        assertTrue(svg.contains("data-task=\"a-task-name-longer-than-its-column\""), "a task not in the program's list still gets a column");
        assertFalse(svg.contains("earlier deliveries not shown"));
        assertEquals(0, count(Swimlane.svg(List.of("writer", "faulter", "mapper"), Swimlane.parse(TRACE), List.of(), 60, "t"), "cycle-edge"),
            "no cycle, no arrows");
    }

    @Test void aLongTraceShowsItsLastRowsAndSaysSo() {
        String svg = Swimlane.svg(List.of("writer", "faulter", "mapper"), Swimlane.parse(TRACE), CYCLE, 3, "t");
        assertTrue(svg.contains("... 4 earlier deliveries not shown"), svg);
        assertFalse(svg.contains(">#4<"), "row #4 is cut");
        assertTrue(svg.contains(">#5<") && svg.contains(">#7<"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
