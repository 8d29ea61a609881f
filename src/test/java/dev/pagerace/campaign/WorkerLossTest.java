package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker that dies without leaving (no coordinated shutdown, no shard
 * handoff: what SIGKILL does) while it runs batches. The batch timeout is
 * ten minutes, so the campaign can only finish within the @Timeout guard if
 * the batches that were on the dead worker are resent when it is downed and
 * removed, not at their timeout.
 */
class WorkerLossTest {
    private static final String FILE = "scenarios/shmem-fallocate.kp";
    private static final int RUNS = 400;

    private static Config node(int port, List<Integer> seeds, String role, boolean crashes) {
        String own = "pagerace.campaign.batch-timeout = 10 minutes\n";
        // terminating this system then leaves the cluster no word: the others see it unreachable and down it
        if (crashes) own += "akka.coordinated-shutdown.run-by-actor-system-terminate = off\nakka.cluster.run-coordinated-shutdown-when-down = off\n";
        return ConfigFactory.parseString(own).withFallback(ClusterFixture.node(port, seeds, role));
    }

    @Test @Timeout(170)
    void batchesOfADeadWorkerAreResentWhenItIsRemovedNotAtTheBatchTimeout() throws Exception {
        Campaign.Loaded l = ClusterFixture.load(FILE);
        CampaignSpec spec = new CampaignSpec(List.of(l.file()), Map.of(l.file(), l.bundle().hash()), "rfc-2026", RUNS, 0, "random", 10);
        List<CampaignDriver.Planned> plan = Campaign.plan(spec, List.of(l));
        List<Integer> seeds = List.of(ClusterFixture.freePort(), ClusterFixture.freePort(), ClusterFixture.freePort());
        List<ClusterNode> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) workers.add(ClusterNode.start(node(seeds.get(i), seeds, "worker", i == 2)));
        ClusterNode driver = ClusterNode.start(node(0, seeds, "driver", false));
        try {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (driver.workersUp().size() < 3 && System.nanoTime() < end) Thread.sleep(100);
            assertEquals(3, driver.workersUp().size(), "three workers up");
            CampaignSettings settings = CampaignSettings.of(driver.system().settings().config());
            assertEquals(Duration.ofMinutes(10), settings.batchTimeout());
            Map<String, BatchOutcome> done = new ConcurrentHashMap<>();
            AtomicInteger batches = new AtomicInteger();
            CampaignDriver d = new CampaignDriver(driver, settings);
            d.run(plan, Set.of(), b -> {
                if (done.putIfAbsent(b.batchId(), b) != null) throw new AssertionError("batch " + b.batchId() + " counted twice");
                if (batches.incrementAndGet() == 3) new Thread(() -> workers.get(2).close()).start(); // dies with batches in flight
            }, () -> { });
            assertEquals(plan.size(), done.size(), "every batch once");
            assertEquals(RUNS, ClusterFixture.runs(done), "exactly N runs");
            assertEquals(ClusterFixture.reference(FILE, "rfc-2026", RUNS), ClusterFixture.found(done), "the seeds and schedules of runs made without a cluster");
            assertTrue(d.resentAfterLoss() > 0, "batches in flight were resent because the worker was lost");
        } finally {
            driver.close();
            for (ClusterNode w : workers) w.close();
        }
    }

    /**
     * Every worker gone (here the only one leaves): the asks could only time
     * out, attempt after attempt, for many minutes. The driver instead stops
     * once no worker has been in the cluster for join-timeout, saying why.
     */
    @Test @Timeout(90)
    void aCampaignWithNoWorkerLeftStopsWithAClearMessageInsteadOfRetryingForMinutes() throws Exception {
        Campaign.Loaded l = ClusterFixture.load(FILE);
        CampaignSpec spec = new CampaignSpec(List.of(l.file()), Map.of(l.file(), l.bundle().hash()), "rfc-2026", RUNS, 0, "random", 10);
        List<CampaignDriver.Planned> plan = Campaign.plan(spec, List.of(l));
        List<Integer> seeds = List.of(ClusterFixture.freePort());
        ClusterNode worker = ClusterNode.start(node(seeds.get(0), seeds, "worker", false));
        Config quick = ConfigFactory.parseString("pagerace.campaign.join-timeout = 5s\n").withFallback(node(0, seeds, "driver", false));
        ClusterNode driver = ClusterNode.start(quick);
        try {
            assertTrue(driver.awaitReady(Duration.ofSeconds(60)), "the worker is up");
            CampaignSettings settings = CampaignSettings.of(driver.system().settings().config());
            AtomicInteger batches = new AtomicInteger();
            CampaignDriver d = new CampaignDriver(driver, settings);
            long t0 = System.nanoTime();
            CampaignDriver.Failed f = org.junit.jupiter.api.Assertions.assertThrows(CampaignDriver.Failed.class, () -> d.run(plan, Set.of(), b -> {
                if (batches.incrementAndGet() == 2) new Thread(worker::close).start(); // leaves with batches in flight
            }, () -> { }));
            assertTrue(f.getMessage().contains("no worker node has been in the cluster for 5 s"), f.getMessage());
            assertTrue(batches.get() < plan.size(), "stopped before the plan was done");
            assertTrue(System.nanoTime() - t0 < Duration.ofMinutes(1).toNanos(), "well before the ten-minute batch timeout");
        } finally {
            driver.close();
            worker.close();
        }
    }
}
