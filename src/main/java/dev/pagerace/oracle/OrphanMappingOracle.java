package dev.pagerace.oracle;

import dev.pagerace.model.Event;

/**
 * A PTE to a page that left the cache: mapped after delete, or deleted while
 * still mapped. The report carries the page's story (added, found, deleted,
 * mapped, with steps and sites), so the race reads without the trace.
 */
public final class OrphanMappingOracle implements Oracle {
    @Override public Violation onEvent(Event e, RunState s) {
        if (e instanceof Event.Mapped m && !m.inCache()) {
            return new Violation.OrphanMapping(s.program.name(m.task()), "page#" + m.page() + "@" + s.program.name(m.slot()),
                "was mapped after it left the page cache (mapping is none)", m.site().where(), m.site().stack("    "), s.pageStory(m.page()));
        }
        if (e instanceof Event.Deleted d && d.ptes() > 0) {
            return new Violation.OrphanMapping(s.program.name(d.task()), "page#" + d.page() + "@" + s.program.name(d.slot()),
                "left the page cache with " + d.ptes() + " PTE" + (d.ptes() == 1 ? "" : "s") + " still mapping it",
                d.site().where(), d.site().stack("    "), s.pageStory(d.page()));
        }
        return null;
    }
}
