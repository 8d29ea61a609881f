package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A driver killed after some batches resumes to exact totals, with no violation record twice. */
class ResumeTest {
    @TempDir Path dir;

    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test @Timeout(120)
    void aKilledCampaignResumesToExactTotals() throws Exception {
        String file = "scenarios/xfs-reflink.kp";
        Campaign.Loaded l = ClusterFixture.load(file);
        CampaignSpec spec = new CampaignSpec(List.of(file), Map.of(file, l.bundle().hash()), "unordered-two", 300, 0, "random", 25);
        List<CampaignDriver.Planned> plan = Campaign.plan(spec, List.of(l));
        Path out = dir.resolve("camp");
        try (ClusterNode node = ClusterNode.start(ClusterNode.config(null, null, null))) {
            assertTrue(node.awaitReady(Duration.ofSeconds(30)));
            CampaignSettings settings = CampaignSettings.of(node.system().settings().config());
            // first driver: killed after 4 batches are journaled
            try (ResultsDir results = ResultsDir.create(out, spec)) {
                AtomicInteger n = new AtomicInteger();
                assertThrows(Killed.class, () -> new CampaignDriver(node, settings).run(plan, Set.of(), b -> {
                    results.record(b);
                    if (n.incrementAndGet() == 4) throw new Killed();
                }, () -> { }));
            }
            // the kill also tore the journal's last line in half
            String half = Files.readAllLines(out.resolve(ResultsDir.JOURNAL)).get(0);
            Files.writeString(out.resolve(ResultsDir.JOURNAL), half.substring(0, half.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            assertThrows(IllegalArgumentException.class, () -> ResultsDir.create(out, spec), "a campaign's directory is not reused by accident");

            try (ResultsDir results = ResultsDir.resume(out)) {
                assertEquals(4, results.done().size());
                assertEquals(1, results.dropped());
                assertEquals(spec, results.spec());
                new CampaignDriver(node, settings).run(plan, results.done().keySet(), results::record, () -> { });
                assertEquals(plan.size(), results.done().size());
                assertEquals(300, ClusterFixture.runs(results.done()));
                Map<Long, String> found = ClusterFixture.found(results.done());
                assertEquals(ClusterFixture.reference(file, "unordered-two", 300), found);
                List<String> records = Files.readAllLines(out.resolve(ResultsDir.VIOLATIONS));
                assertEquals(found.size(), records.size(), "each violating run recorded once");
                assertEquals(found.size(), records.stream().distinct().count());
            }
            // resuming a finished campaign runs nothing and changes nothing
            try (ResultsDir results = ResultsDir.resume(out)) {
                assertEquals(plan.size(), results.done().size());
                assertEquals(0, results.dropped());
            }
        }
    }
}
