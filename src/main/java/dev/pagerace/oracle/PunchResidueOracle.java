package dev.pagerace.oracle;

import dev.pagerace.model.Event;
import dev.pagerace.program.DataId;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * Hugh Dickins' rule for hole punch (2014): every data identity in the range
 * when the punch began must be gone when it ends; data written into the hole
 * during the punch may stay. Applies to ops declared with a range:
 * {@code op punch shm 0..8 { }}.
 */
public final class PunchResidueOracle implements Oracle {
    @Override public Violation onEvent(Event e, RunState s) {
        if (!(e instanceof Event.OpEnd) || s.ended == null || s.ended.inode < 0) return null;
        RunState.OpRun op = s.ended;
        Program.InodeInfo ino = s.program.inodes().get(op.inode);
        List<String> left = new ArrayList<>();
        // the story: the op's own timeline (what it removed, who refilled behind it), then each surviving page's steps
        List<String> story = new ArrayList<>(op.timeline());
        for (long i = op.from; i < op.to; i++) {
            int k = ino.slotAddr(i) - s.program.slotBase();
            DataId d = s.slotData[k];
            if (s.slotKind[k] != 0 && op.snapshot.contains(d)) {
                left.add(d + " at " + ino.name() + "[" + i + "] as a " + (s.slotKind[k] == 2 ? "swap entry" : "page"));
                if (s.slotKind[k] == 1) {
                    List<String> page = s.pageStory(s.slotId[k]);
                    if (!page.isEmpty()) story.add("page#" + s.slotId[k] + " at " + ino.name() + "[" + i + "]:");
                    for (String line : page) story.add("  " + line);
                }
            }
        }
        if (left.isEmpty()) return null;
        return new Violation.PunchResidue(s.program.name(s.endedTask), op.name, ino.name() + " " + op.from + ".." + op.to, left, op.site.where(),
            story);
    }
}
