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
 * removed, and once sharding no longer places shards on it, not at their
 * timeout.
 */
class WorkerLossTest {
    private static final String FILE = "scenarios/shmem-fallocate.kp";
    private static final int RUNS = 400;

    /**
     * With {@code -Dpagerace.test.cluster-debug=true}: sharding, distributed
     * data, the singleton and downing at DEBUG, each line with its node, in
     * target/worker-loss-debug.log (what a stalled fail-over needs to be
     * understood; off by default, as it slows the nodes down).
     */
    @org.junit.jupiter.api.BeforeAll
    static void debugLog() {
        if (!Boolean.getBoolean(DEBUG)) return;
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.encoder.PatternLayoutEncoder enc = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} [%X{akkaAddress}] %X{akkaSource} - %msg%n");
        enc.start();
        ch.qos.logback.core.FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> f = new ch.qos.logback.core.FileAppender<>();
        f.setContext(ctx);
        f.setFile("target/worker-loss-debug.log");
        f.setEncoder(enc);
        f.start();
        for (String n : List.of("akka.cluster", "dev.pagerace.campaign")) {
            ch.qos.logback.classic.Logger lg = ctx.getLogger(n);
            lg.setLevel(ch.qos.logback.classic.Level.DEBUG);
            lg.addAppender(f);
            lg.setAdditive(false);
        }
        for (String n : List.of("ClusterHeartbeat", "ClusterHeartbeatSender", "ClusterHeartbeatReceiver", "ClusterGossip")) {
            ctx.getLogger("akka.cluster." + n).setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    private static final String DEBUG = "pagerace.test.cluster-debug";

    private static Config node(int port, List<Integer> seeds, String role, boolean crashes) {
        return node(port, seeds, role, crashes, "");
    }

    private static Config node(int port, List<Integer> seeds, String role, boolean crashes, String extra) {
        String own = extra + "pagerace.campaign.batch-timeout = 10 minutes\n";
        if (Boolean.getBoolean(DEBUG)) own += "akka.loglevel = DEBUG\nakka.cluster.sharding.verbose-debug-logging = on\n";
        // terminating this system then leaves the cluster no word: the others see it unreachable and down it
        if (crashes) own += "akka.coordinated-shutdown.run-by-actor-system-terminate = off\nakka.cluster.run-coordinated-shutdown-when-down = off\n";
        return ConfigFactory.parseString(own).withFallback(ClusterFixture.node(port, seeds, role));
    }

    /** The one of the two youngest workers that hosts more batch shards: the most batches in flight die with it. */
    @Test @Timeout(170)
    void batchesOfADeadWorkerAreResentWhenItIsRemovedNotAtTheBatchTimeout() throws Exception {
        loseAWorker((workers, driver) -> hostedShards(workers.get(1)) > hostedShards(workers.get(2)) ? 1 : 2, "");
    }

    /**
     * The oldest worker, which hosts the shard coordinator: a new one starts
     * on the next oldest once the dead one is removed, reads the shard homes
     * from the others' replicas, and drops the dead worker's region.
     */
    @Test @Timeout(170)
    void theCoordinatorsWorkerDies() throws Exception {
        loseAWorker((workers, driver) -> {
            akka.cluster.Member oldest = null;
            for (akka.cluster.Member m : akka.cluster.Cluster.get(akka.actor.typed.javadsl.Adapter.toClassic(driver.system())).state().getMembers()) {
                if (m.hasRole(BatchWorker.WORKER_ROLE) && (oldest == null || m.isOlderThan(oldest))) oldest = m;
            }
            for (int i = 0; i < workers.size(); i++) if (workers.get(i).address().equals(oldest.address())) return i;
            throw new AssertionError("no worker is the oldest member " + oldest);
        }, "");
    }

    /**
     * The shard coordinator's state update (a shard allocated to the worker
     * just before it dies) waits for the dead worker's replica until
     * updating-state-timeout, here longer than it takes to down and remove
     * the worker. Until the update is done the coordinator holds the dead
     * region's termination, and answers "at the dead worker" for its shards
     * (messages sent there after its removal are dropped). The driver's
     * sends at downing, at removal and 3 s later all go there; only the send
     * once the coordinator has dropped the dead region reaches a live one.
     * With Akka's default 5 s timeout the same happens whenever the removal
     * comes less than 2 s before the pending update gives up.
     */
    @Test @Timeout(170)
    void batchesSentWhileTheCoordinatorStillPlacesShardsOnTheDeadWorkerAreResent() throws Exception {
        loseAWorker((workers, driver) -> 2, "akka.cluster.sharding.updating-state-timeout = 20s\n");
    }

    /** How many batch shards {@code n}'s region hosts. */
    static int hostedShards(ClusterNode n) {
        akka.actor.ActorRef region = akka.cluster.sharding.ClusterSharding.get(akka.actor.typed.javadsl.Adapter.toClassic(n.system()))
            .shardRegion(BatchWorker.KEY.name());
        try {
            Object state = akka.pattern.Patterns.ask(region, akka.cluster.sharding.ShardRegion.getShardRegionStateInstance(), Duration.ofSeconds(30))
                .toCompletableFuture().get();
            return ((akka.cluster.sharding.ShardRegion.CurrentShardRegionState) state).getShards().size();
        } catch (Exception e) {
            throw new IllegalStateException("no shard state from " + n.address(), e);
        }
    }

    /**
     * Three workers and a driver; after the 3rd finished batch the worker
     * {@code victim} picks dies, and the campaign must still count every
     * batch once, well before the ten-minute batch timeout.
     */
    private void loseAWorker(java.util.function.ToIntBiFunction<List<ClusterNode>, ClusterNode> victim, String extra) throws Exception {
        Campaign.Loaded l = ClusterFixture.load(FILE);
        CampaignSpec spec = new CampaignSpec(List.of(l.file()), Map.of(l.file(), l.bundle().hash()), "rfc-2026", RUNS, 0, "random", 10);
        List<CampaignDriver.Planned> plan = Campaign.plan(spec, List.of(l));
        List<Integer> seeds = List.of(ClusterFixture.freePort(), ClusterFixture.freePort(), ClusterFixture.freePort());
        List<ClusterNode> workers = new ArrayList<>();
        // every worker may be the one that dies
        for (int i = 0; i < 3; i++) workers.add(ClusterNode.start(node(seeds.get(i), seeds, "worker", true, extra)));
        ClusterNode driver = ClusterNode.start(node(0, seeds, "driver", false, extra));
        try {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (driver.workersUp().size() < 3 && System.nanoTime() < end) Thread.sleep(100);
            assertEquals(3, driver.workersUp().size(), "three workers up");
            // and every worker's region registered with the shard coordinator: shards go to the region with the
            // fewest, so one that registers after the first batches may get none, and its death then loses nothing
            java.util.Set<akka.actor.Address> regions = java.util.Set.of();
            while (regions.size() < 3 && System.nanoTime() < end) {
                try {
                    regions = driver.shardRegions(BatchWorker.KEY.name(), Duration.ofSeconds(3)).toCompletableFuture().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    regions = java.util.Set.of(); // no coordinator yet
                }
                if (regions.size() < 3) Thread.sleep(100);
            }
            assertEquals(3, regions.size(), "three worker regions known to the shard coordinator: " + regions);
            CampaignSettings settings = CampaignSettings.of(driver.system().settings().config());
            assertEquals(Duration.ofMinutes(10), settings.batchTimeout());
            Map<String, BatchOutcome> done = new ConcurrentHashMap<>();
            AtomicInteger batches = new AtomicInteger();
            CampaignDriver d = new CampaignDriver(driver, settings);
            d.run(plan, Set.of(), b -> {
                if (done.putIfAbsent(b.batchId(), b) != null) throw new AssertionError("batch " + b.batchId() + " counted twice");
                if (batches.incrementAndGet() == 3) {
                    // dies here, on the driver's own loop, before it takes another answer or sends another batch
                    // (a 400-run campaign is well under a second of the workers' time): the batches that follow for
                    // its shards can then only finish once they are sent again
                    int v = victim.applyAsInt(workers, driver);
                    int hosted = hostedShards(workers.get(v));
                    org.slf4j.LoggerFactory.getLogger(WorkerLossTest.class).info("worker {} at {} dies, hosting {} shards", v, workers.get(v).address(), hosted);
                    assertTrue(hosted > 0, "the worker that dies hosts batch shards (else its death loses nothing)");
                    workers.get(v).close();
                }
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
