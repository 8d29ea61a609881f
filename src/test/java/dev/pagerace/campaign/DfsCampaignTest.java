package dev.pagerace.campaign;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagerace.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code campaign --strategy dfs}: an exhaustive search split into subtrees, searched by the cluster's workers, journaled. */
class DfsCampaignTest {
    @TempDir Path dir;

    private static final String WAKEUP = "scenario wakeup \"a waiter and a waker\"\n" + dev.pagerace.TestScenarios.WAKEUP
        + "expect racy deadlock\nexpect releasing clean\n";

    @Test @Timeout(180)
    void theSplitSearchProvesTheFixAndCatchesTheLostWakeupAndAResumeSearchesNothingAgain() throws Exception {
        Path file = dir.resolve("wakeup.kp");
        Files.writeString(file, WAKEUP);
        Path out = dir.resolve("results");
        Result r = pagerace("campaign", file.toString(), "--strategy", "dfs", "--subtrees", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*wakeup/releasing +clean +ok +exhausted: .*no violation \\[\\d+ subtrees].*"), r.out());
        assertTrue(r.out().matches("(?s).*wakeup/racy +deadlock +ok +violation: deadlock .*"), r.out());
        assertTrue(r.out().contains("./pagerace replay " + file + " --variant racy --schedule pr1."), r.out());

        JsonNode summary = new ObjectMapper().readTree(out.resolve(DfsCampaign.SUMMARY).toFile());
        assertEquals(1, summary.get("schema_version").asInt());
        JsonNode releasing = summary.get("searches").get(1);
        assertEquals("releasing", releasing.get("variant").asText());
        assertEquals("exhausted", releasing.get("verdict").asText());
        assertEquals(releasing.get("subtrees").asInt(), releasing.get("subtrees_done").asInt(), "a proof needs every subtree");
        long journaled = Files.readAllLines(out.resolve(DfsCampaign.JOURNAL)).size();

        // the schedule the campaign printed replays the lost wakeup on its own
        String schedule = r.out().lines().filter(l -> l.contains("--schedule")).findFirst().orElseThrow().replaceAll(".*--schedule ", "");
        Result replay = pagerace("replay", file.toString(), "--variant", "racy", "--schedule", schedule);
        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("VIOLATION: deadlock"), replay.out());

        Result again = pagerace("campaign", "--resume", out.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.err().contains("subtrees already done"), again.err());
        assertEquals(journaled, Files.readAllLines(out.resolve(DfsCampaign.JOURNAL)).size(), "nothing searched twice");
        assertEquals(lines(r.out(), "wakeup/"), lines(again.out(), "wakeup/"), "the same verdicts from the journal");
    }

    @Test void aTornJournalLineIsDroppedAndItsSubtreeSearchedAgain() throws Exception {
        Path file = dir.resolve("wakeup.kp");
        Files.writeString(file, WAKEUP);
        Path out = dir.resolve("results");
        Result r = pagerace("campaign", file.toString(), "--strategy", "dfs", "--variant", "releasing", "--subtrees", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Path journal = out.resolve(DfsCampaign.JOURNAL);
        List<String> lines = Files.readAllLines(journal);
        assertTrue(lines.size() >= 2, lines.toString());
        Files.writeString(journal, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n" + lines.get(lines.size() - 1).substring(0, 20));
        // a directory another campaign holds is refused before anything is read or written
        byte[] before = Files.readAllBytes(journal);
        try (DirLock held = DirLock.take(out)) {
            Result refused = pagerace("campaign", "--resume", out.toString());
            assertEquals(2, refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("is in use by another campaign"), refused.err());
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(journal), "the refused campaign wrote nothing");
        Result again = pagerace("campaign", "--resume", out.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.err().contains("dropped 1 unusable journal line"), again.err());
        assertTrue(again.out().contains("exhausted"), again.out());
    }

    private static List<String> lines(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).toList();
    }
}
