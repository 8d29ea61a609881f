package dev.pagerace.campaign;

import akka.actor.Address;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands out batches to the sharded batch entities and merges what comes
 * back. A batch not answered within batch-timeout, or in flight when a
 * worker leaves the cluster, is sent again (sharding places it on a live
 * node); answers are merged by batch id, so a batch that ran twice counts
 * once. Runs on the caller's thread; the asks complete on Akka's.
 */
public final class CampaignDriver {
    /** One batch of the plan. */
    public record Planned(String id, ScenarioBundle bundle, String variant, String strategy, long firstSeed, int count) {
        /**
         * The sharded entity that runs this batch: everything that decides its
         * outcome (the scenario bundle's hash, variant, strategy with its
         * parameters, seed range; every worker runs the actor engine), scoped
         * by the campaign. An edited scenario or another strategy is another
         * entity, so a cluster never answers with an outcome cached for
         * different inputs, and campaigns of several drivers never share one.
         */
        public String entityId(String campaign) {
            String identity = bundle.hash() + "\n" + variant + "\n" + strategy + "\n" + firstSeed + "\n" + count;
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return campaign + "/" + java.util.HexFormat.of().formatHex(d, 0, 12) + "/" + variant + "@" + firstSeed;
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Completion(Planned batch, int attempt, BatchDone done, Throwable error) {}

    /** A campaign that cannot finish: a batch failed too often, or a worker could not run it. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        Failed(String msg) { super(msg); }
    }

    /** After a worker's removal, in-flight batches are sent once more this much later (see {@link #run}). */
    static final java.time.Duration RESEND_AGAIN = java.time.Duration.ofSeconds(3);

    /** Sends of in-flight batches made because a worker was downed or removed, not because a batch timed out. */
    private int resent;

    /** How many batch sends were made because a worker went down or left (not timeouts): for the campaign's report and tests. */
    public int resentAfterLoss() { return resent; }

    private final ClusterNode node;
    private final CampaignSettings settings;
    /** The campaign's id: batch entities are scoped by it (see {@link Planned#entityId}). */
    private final String campaign;

    public CampaignDriver(ClusterNode node, CampaignSettings settings, String campaign) {
        this.node = node;
        this.settings = settings;
        this.campaign = campaign;
    }

    /**
     * Refuses, before anything is sent, a batch whose request would not fit
     * Artery's frame when it crosses to another node (in the embedded
     * one-node cluster nothing crosses, and nothing is checked). The request's
     * size is its scenario bundle's plus a few ids, so one batch per bundle is
     * serialized, with the longest batch id.
     */
    private void checkFrames(List<Planned> plan, Set<String> done) throws Failed {
        boolean remote = !node.workersUp().stream().allMatch(a -> a.equals(node.address()));
        if (!remote) return;
        FrameLimit limit = new FrameLimit(node.system());
        Map<String, Planned> widest = new LinkedHashMap<>();
        for (Planned p : plan) {
            if (done.contains(p.id())) continue;
            widest.merge(p.bundle().hash(), p, (a, b) -> b.id().length() + b.entityId(campaign).length() > a.id().length() + a.entityId(campaign).length() ? b : a);
        }
        for (Planned p : widest.values()) {
            RunBatch probe = new RunBatch(p.id(), p.bundle(), p.variant(), p.strategy(), p.firstSeed(), p.count(), node.system().ignoreRef());
            String why = limit.tooLarge(probe, "the request of batch " + p.id() + " (scenario " + p.bundle().main() + " and its imports)",
                "raise " + FrameLimit.SETTING + " on every node, or make the scenario smaller");
            if (why != null) throw new Failed(why);
        }
    }

    /** A driver for a campaign of its own, unrelated to any other. */
    public CampaignDriver(ClusterNode node, CampaignSettings settings) {
        this(node, settings, java.util.UUID.randomUUID().toString());
    }

    /**
     * Runs every batch of {@code plan} not in {@code done}; {@code onDone}
     * sees each new outcome once (journal, progress), {@code tick} is called
     * while waiting.
     */
    public void run(List<Planned> plan, Set<String> done, Consumer<BatchOutcome> onDone, Runnable tick) throws Failed, InterruptedException {
        ClusterSharding sharding = ClusterSharding.get(node.system());
        ArrayDeque<Planned> queue = new ArrayDeque<>();
        for (Planned p : plan) if (!done.contains(p.id())) queue.add(p);
        Set<String> finished = new HashSet<>(done);
        Map<String, Integer> attempts = new LinkedHashMap<>(); // in flight: id -> current attempt
        Map<String, Planned> inFlight = new LinkedHashMap<>();
        LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        Set<Address> workers = new HashSet<>(node.workersUp());
        checkFrames(plan, done);

        Consumer<Planned> launch = p -> {
            int attempt = attempts.merge(p.id(), 1, Integer::sum);
            inFlight.put(p.id(), p);
            EntityRef<BatchWorker.Command> ref = sharding.entityRefFor(BatchWorker.KEY, p.entityId(campaign));
            ref.<BatchDone>ask(replyTo -> new RunBatch(p.id(), p.bundle(), p.variant(), p.strategy(), p.firstSeed(), p.count(), replyTo),
                    settings.batchTimeout())
                .whenComplete((d, err) -> completions.add(new Completion(p, attempt, d, err)));
        };

        Set<Address> members = node.workerMembers();
        long resendAgainAt = Long.MAX_VALUE;

        while (!queue.isEmpty() || !inFlight.isEmpty()) {
            int limit = Math.max(2, Math.max(1, workers.size()) * settings.inFlightPerWorker());
            while (inFlight.size() < limit && !queue.isEmpty()) launch.accept(queue.poll());
            Completion c = completions.poll(250, TimeUnit.MILLISECONDS);
            // A worker that died takes its batches with it; the driver cannot tell which, so every batch in flight is
            // sent again (answers are merged by batch id, and a live entity asked twice runs its batch once). Sent when
            // the worker is downed, they still go to its dead shard region: sharding moves its shards only once the
            // member is removed (ShardCoordinator reallocates on the region's Terminated). So they are sent again at
            // removal, and once more a little later for a driver whose region learned of the removal after we did;
            // before, those batches waited for the full batch timeout.
            Set<Address> now = new HashSet<>(node.workersUp());
            Set<Address> nowMembers = node.workerMembers();
            boolean down = !now.containsAll(workers);
            boolean removed = !nowMembers.containsAll(members);
            workers = now;
            members = nowMembers;
            if (removed) resendAgainAt = System.nanoTime() + RESEND_AGAIN.toNanos();
            boolean again = System.nanoTime() >= resendAgainAt;
            if (again) resendAgainAt = Long.MAX_VALUE;
            if (down || removed || again) {
                for (Planned p : List.copyOf(inFlight.values())) {
                    launch.accept(p);
                    resent++;
                }
            }
            tick.run();
            if (c == null) continue;
            String id = c.batch().id();
            if (finished.contains(id)) continue; // a duplicate answer: already counted
            if (c.error() == null && c.done().error() == null) {
                finished.add(id);
                attempts.remove(id);
                inFlight.remove(id);
                onDone.accept(c.done().outcome());
                continue;
            }
            if (c.done() != null && c.done().error() != null) {
                throw new Failed("batch " + id + " could not run on a worker: " + c.done().error());
            }
            if (c.attempt() < attempts.getOrDefault(id, 0)) continue; // superseded by a later send
            if (c.attempt() >= settings.maxAttempts()) {
                throw new Failed("batch " + id + " got no answer after " + c.attempt() + " attempts (last: " + c.error() + ")");
            }
            launch.accept(c.batch());
        }
    }
}
