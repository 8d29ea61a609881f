package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages over Artery's frame fail the campaign at once with their size
 * and the setting, on a two-node loopback cluster (a worker and a driver)
 * with the smallest frame Artery allows. The batch timeout is ten minutes
 * and a batch may be sent 20 times: a campaign that waited for a dropped
 * message would run into the @Timeout guard instead of failing.
 */
class FrameLimitTest {
    @TempDir Path dir;

    private static final String ABBA = """
        scenario job
        lock a mutex
        lock b mutex
        task t1 { lock a ; lock b ; unlock b ; unlock a }
        task t2 { lock b ; lock a ; unlock a ; unlock b }
        variant v { }
        """;

    private static Config node(int port, List<Integer> seeds, String role) {
        return ConfigFactory.parseString("akka.remote.artery.advanced.maximum-frame-size = 32 KiB\n"
                + "pagerace.campaign.batch-timeout = 10 minutes\n")
            .withFallback(ClusterFixture.node(port, seeds, role));
    }

    private static Map<String, BatchOutcome> campaign(ClusterNode driver, Campaign.Loaded l, int runs, int batch) throws Exception {
        CampaignSpec spec = new CampaignSpec(List.of(l.file()), Map.of(l.file(), l.bundle().hash()), "v", runs, 0, "random", batch);
        Map<String, BatchOutcome> done = new HashMap<>();
        CampaignSettings settings = CampaignSettings.of(driver.system().settings().config());
        assertEquals(Duration.ofMinutes(10), settings.batchTimeout());
        new CampaignDriver(driver, settings).run(Campaign.plan(spec, List.of(l)), Set.of(), b -> done.put(b.batchId(), b), () -> { });
        return done;
    }

    @Test @Timeout(150)
    void oversizedRequestsAndOutcomesFailFastNamingTheSizeAndTheSetting() throws Exception {
        int p1 = ClusterFixture.freePort();
        try (ClusterNode worker = ClusterNode.start(node(p1, List.of(p1), "worker"));
             ClusterNode driver = ClusterNode.start(node(0, List.of(p1), "driver"))) {
            assertTrue(driver.awaitReady(Duration.ofSeconds(60)), "the driver sees the worker");
            Path small = dir.resolve("job.kp");
            Files.writeString(small, ABBA);
            Campaign.Loaded l = ClusterFixture.load(small.toString());
            assertEquals(100, ClusterFixture.runs(campaign(driver, l, 100, 20)), "small messages cross as before");

            // a scenario of 40 KB (a long comment) cannot be shipped in a 32 KiB frame
            Path big = dir.resolve("big.kp");
            Files.writeString(big, ABBA + ("# " + "x".repeat(98) + "\n").repeat(400));
            CampaignDriver.Failed request = assertThrows(CampaignDriver.Failed.class,
                () -> campaign(driver, ClusterFixture.load(big.toString()), 10, 10));
            assertTrue(request.getMessage().matches("(?s)the request of batch .* is \\d+ bytes serialized, more than fits the cluster's message frame "
                + "\\(akka\\.remote\\.artery\\.advanced\\.maximum-frame-size = 32768 bytes.*"), request.getMessage());

            // one batch of 1,000 ABBA runs: hundreds of deadlocks with their schedules, more than a frame
            CampaignDriver.Failed outcome = assertThrows(CampaignDriver.Failed.class, () -> campaign(driver, l, 1000, 1000));
            assertTrue(outcome.getMessage().contains("the outcome of batch "), outcome.getMessage());
            assertTrue(outcome.getMessage().contains("bytes serialized, more than fits the cluster's message frame (akka.remote.artery.advanced."
                + "maximum-frame-size = 32768 bytes"), outcome.getMessage());
            assertTrue(outcome.getMessage().contains("lower --batch-size"), outcome.getMessage());
        }
    }
}
