package dev.pagerace.campaign;

import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Campaign throughput of the embedded one-node cluster against three worker
 * nodes and a driver on loopback, in one JVM, side by side: the same plan
 * through {@link CampaignDriver} on each, warm-up rounds in turn, then timed
 * rounds in turn (each cluster first in every other pair), round i of both
 * starting at the same seed. Every batch of
 * the three-node rounds crosses Artery's TCP transport on loopback with
 * Kryo, both ways, and is placed by sharding as in a real campaign; what the
 * rounds share is the JIT's compiled code, so the ratio is the cost of the
 * cluster machinery itself. Three JVMs started apart (scripts/bench-cluster.sh)
 * also pay three JIT warm-ups on the same cores. A benchmark, never a test.
 */
public final class ClusterBench {
    private ClusterBench() {}

    /** One cluster's rounds: runs/s of each timed round. */
    public record Result(String cluster, double[] runsPerSecond) {
        public double median() { return EngineBench.median(runsPerSecond); }

        /** "median (min-max)" of runs/s. */
        public String spread() { return EngineBench.spread(runsPerSecond); }
    }

    /** The worker nodes of the loopback cluster. */
    static final int WORKERS = 3;

    /** A warm-up gives up waiting for steady rates after this many rounds of each cluster. */
    public static final int WARMUP_MAX_ROUNDS = 8;

    /** How long the nodes may take to form their clusters (five actor systems starting on the same cores). */
    static final Duration JOIN = Duration.ofSeconds(60);

    /**
     * Starts both clusters, runs at least {@code warmup} untimed rounds of
     * each in turn (then more, up to {@link #WARMUP_MAX_ROUNDS}, until each
     * cluster's last two agree within 10 %), then {@code iterations} timed
     * rounds in turn, and stops the nodes. {@code spec} is one campaign
     * round; its seed start is replaced per round. {@code log} hears what
     * happens (a line per round), for a reader watching a long benchmark.
     */
    public static Result[] compare(CampaignSpec spec, List<Campaign.Loaded> loaded, int warmup, int iterations, Consumer<String> log)
            throws IOException, InterruptedException, CampaignDriver.Failed {
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            ClusterNode embedded = start(nodes, ClusterNode.config(null, null, null));
            // every node binds a free port as it starts (no port picked ahead, which another process could take): the first
            // worker forms the cluster on its own, and the others join it at the address it bound
            ClusterNode first = start(nodes, ClusterNode.loopback(0, List.of(), "worker", ""));
            List<Integer> seeds = List.of(first.address().getPort().get());
            for (int i = 1; i < WORKERS; i++) start(nodes, ClusterNode.loopback(0, seeds, "worker", ""));
            ClusterNode driver = start(nodes, ClusterNode.loopback(0, seeds, "driver", ""));
            ready(embedded, 1);
            ready(driver, WORKERS);
            ClusterNode[] drivers = {embedded, driver};
            String[] names = {"embedded, one node", "three loopback nodes and a driver"};
            long runs = Campaign.plan(spec, loaded).runs();
            long seed = 1_000_000_000_000L; // warm-up seeds, apart from the timed rounds'
            double[] last = new double[2];
            for (int round = 0; round < WARMUP_MAX_ROUNDS && warmup > 0; round++) {
                boolean steady = true;
                for (int k = 0; k < 2; k++) {
                    int c = (round + k) % 2; // each goes first in every other pair: neither always meets the other's garbage
                    double rate = round(drivers[c], spec, loaded, seed);
                    log.accept(String.format(java.util.Locale.ROOT, "warm-up %d, %s: %.0f runs/s", round + 1, names[c], rate));
                    steady &= last[c] > 0 && Math.abs(rate - last[c]) <= 0.1 * last[c];
                    last[c] = rate;
                }
                seed += runs;
                if (round + 1 >= warmup && steady) break;
            }
            double[][] rates = new double[2][iterations];
            for (int i = 0; i < iterations; i++) {
                for (int k = 0; k < 2; k++) {
                    int c = (i + k) % 2;
                    rates[c][i] = round(drivers[c], spec, loaded, (long) i * runs);
                    log.accept(String.format(java.util.Locale.ROOT, "round %d, %s: %.0f runs/s", i + 1, names[c], rates[c][i]));
                }
            }
            return new Result[] {new Result(names[0], rates[0]), new Result(names[1], rates[1])};
        } finally {
            // youngest first: the oldest worker hosts the shard coordinators, and leaving last it hands them to no one
            for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
        }
    }

    /** One campaign of {@code spec} from {@code seedStart}, as a new campaign (its own batch entities): its runs/s. */
    private static double round(ClusterNode node, CampaignSpec spec, List<Campaign.Loaded> loaded, long seedStart)
            throws CampaignDriver.Failed, InterruptedException {
        CampaignSpec at = new CampaignSpec(spec.scenarios(), spec.hashes(), spec.variant(), spec.runs(), seedStart, spec.strategy(),
            spec.batchSize(), spec.sweep());
        Campaign.Plan plan = Campaign.plan(at, loaded);
        AtomicLong done = new AtomicLong();
        long t0 = System.nanoTime(); // a benchmark's own clock: nothing in a run sees it
        new CampaignDriver(node, CampaignSettings.of(node.system().settings().config())).run(plan.interleaved(), Set.of(),
            b -> done.addAndGet(b.count()), () -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (done.get() != plan.runs()) throw new CampaignDriver.Failed(done.get() + " of " + plan.runs() + " runs came back");
        return done.get() / seconds;
    }

    private static ClusterNode start(List<ClusterNode> nodes, Config config) {
        ClusterNode n = ClusterNode.start(config);
        nodes.add(n);
        return n;
    }

    private static void ready(ClusterNode node, int workers) throws InterruptedException, CampaignDriver.Failed {
        long deadline = System.nanoTime() + JOIN.toNanos();
        if (!node.awaitReady(JOIN)) throw new CampaignDriver.Failed("a benchmark node did not join its cluster within " + JOIN.toSeconds() + " s");
        String fewer = node.awaitExpectedWorkers(workers, BatchWorker.KEY.name(), deadline);
        if (fewer != null) throw new CampaignDriver.Failed(fewer);
    }

}
