package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results directory trusts neither its journal's contents nor that it is alone. */
class ResultsDirTest {
    @TempDir Path dir;

    private static final CampaignSpec SPEC = new CampaignSpec(List.of("t.kp"), Map.of("t.kp", "0"), "v", 60, 0, "random", 10);

    private static BatchOutcome batch(long first, int count) {
        List<BatchOutcome.Found> found = List.of(new BatchOutcome.Found(first, List.of("deadlock"), "deadlock at seed " + first, "0.1", "",
            List.of("sig"), 7));
        return new BatchOutcome("t.kp#v@" + first + "+" + count, "t", "v", "random", first, count, 70,
            List.of("clean", "deadlock"), List.of((long) count - 1, 1L), found, List.of(), List.of(), List.of());
    }

    /** The plan of SPEC: six batches of ten seeds. */
    private static List<CampaignDriver.Planned> plan() {
        List<CampaignDriver.Planned> out = new ArrayList<>();
        for (long f = 0; f < 60; f += 10) out.add(new CampaignDriver.Planned("t.kp#v@" + f + "+10", null, "v", "random", f, 10));
        return out;
    }

    private Path journalOf(int batches) throws Exception {
        Path out = dir.resolve("r");
        try (ResultsDir r = ResultsDir.create(out, SPEC)) {
            for (int i = 0; i < batches; i++) r.record(batch(i * 10L, 10));
        }
        return out;
    }

    @Test void anInvalidMiddleLineIsSkippedAndReportedWithoutDroppingLaterLines() throws Exception {
        Path out = journalOf(5);
        Path j = out.resolve(ResultsDir.JOURNAL);
        List<String> lines = new ArrayList<>(Files.readAllLines(j));
        lines.set(1, "{\"batchId\": \"t.kp#v@10+10\", garbage");
        Files.write(j, lines);
        try (ResultsDir r = ResultsDir.resume(out)) {
            r.retainPlanned(plan());
            assertEquals(List.of("t.kp#v@0+10", "t.kp#v@20+10", "t.kp#v@30+10", "t.kp#v@40+10"), List.copyOf(r.done().keySet()),
                "the lines after the bad one are kept");
            assertEquals(1, r.dropped());
            assertTrue(r.warnings().get(0).contains("line 2"), r.warnings().toString());
            assertEquals(4, Files.readAllLines(out.resolve(ResultsDir.VIOLATIONS)).size(), "violations of the kept batches only");
        }
    }

    @Test void invalidUtf8DoesNotShiftTheTruncationOffset() throws Exception {
        Path out = journalOf(3);
        Path j = out.resolve(ResultsDir.JOURNAL);
        byte[] good = Files.readAllBytes(j);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(good);
        // a line of invalid UTF-8 (each byte would decode to a 3-byte U+FFFD), then a torn record
        b.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\n'});
        byte[] torn = "{\"batchId\":\"t.kp#v@30+10\",\"cou".getBytes(StandardCharsets.UTF_8);
        b.write(torn);
        Files.write(j, b.toByteArray());
        try (ResultsDir r = ResultsDir.resume(out)) {
            r.retainPlanned(plan());
            assertEquals(3, r.done().size());
            assertEquals(2, r.dropped(), "the invalid line and the torn one");
            assertTrue(r.warnings().get(0).contains("not UTF-8"), r.warnings().toString());
            assertEquals(good.length + 4, Files.size(j), "cut exactly where the torn line began, in bytes");
            r.record(batch(30, 10));
        }
        try (ResultsDir r = ResultsDir.resume(out)) {
            r.retainPlanned(plan());
            assertEquals(4, r.done().size(), "the record after the cut starts on its own line");
            assertEquals(1, r.dropped());
        }
    }

    @Test void aRecordNotInThePlanIsRejectedWithAWarning() throws Exception {
        Path out = journalOf(2);
        try (ResultsDir r = ResultsDir.resume(out)) {
            // a changed count under a planned id, and an id of another campaign
            r.record(new BatchOutcome("t.kp#v@20+10", "t", "v", "random", 20, 500, 0, List.of("clean"), List.of(500L), List.of(), List.of(), List.of(), List.of()));
            r.record(batch(1000, 10));
        }
        try (ResultsDir r = ResultsDir.resume(out)) {
            r.retainPlanned(plan());
            assertEquals(List.of("t.kp#v@0+10", "t.kp#v@10+10"), List.copyOf(r.done().keySet()));
            assertEquals(20, r.done().values().stream().mapToLong(BatchOutcome::count).sum(), "no foreign runs counted");
            assertEquals(2, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).contains("not a batch of this campaign's plan"), r.warnings().get(0));
            // the rerun of the rejected batch is journaled and counted once
            assertTrue(r.record(batch(20, 10)));
        }
        try (ResultsDir r = ResultsDir.resume(out)) {
            r.retainPlanned(plan());
            assertEquals(3, r.done().size());
            assertEquals(30, r.done().values().stream().mapToLong(BatchOutcome::count).sum());
        }
    }

    @Test void aDirectoryInUseIsRefusedWithThePidAndFreedOnClose() throws Exception {
        Path out = dir.resolve("busy");
        try (ResultsDir first = ResultsDir.create(out, SPEC)) {
            first.record(batch(0, 10));
            DirLock.InUse create = assertThrows(DirLock.InUse.class, () -> ResultsDir.create(out, SPEC));
            assertTrue(create.getMessage().contains("is in use by another campaign (pid " + ProcessHandle.current().pid() + ")"), create.getMessage());
            assertThrows(DirLock.InUse.class, () -> ResultsDir.resume(out), "nor resumed while it runs");
        }
        try (ResultsDir again = ResultsDir.resume(out)) {
            assertEquals(1, again.done().size(), "closing released the lock");
        }
        assertEquals(1, Files.readAllLines(out.resolve(ResultsDir.JOURNAL)).size(), "nothing recorded twice");
    }
}
