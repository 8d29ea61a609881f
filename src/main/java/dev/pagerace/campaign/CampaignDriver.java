package dev.pagerace.campaign;

import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    public record Planned(String id, ScenarioBundle bundle, String variant, String strategy, long firstSeed, int count, String set) {
        /** A batch at the scenario's own task counts. */
        public Planned(String id, ScenarioBundle bundle, String variant, String strategy, long firstSeed, int count) {
            this(id, bundle, variant, strategy, firstSeed, count, "");
        }

        /**
         * The sharded entity that runs this batch: everything that decides its
         * outcome (the scenario bundle's hash, variant, strategy with its
         * parameters, seed range, a sweep point's task counts; every worker runs the actor engine), scoped
         * by the campaign. An edited scenario or another strategy is another
         * entity, so a cluster never answers with an outcome cached for
         * different inputs, and campaigns of several drivers never share one.
         */
        public String entityId(String campaign) {
            String identity = bundle.hash() + "\n" + variant + "\n" + strategy + "\n" + firstSeed + "\n" + count
                // only a sweep point adds a line, so the ids of batches at the scenario's own counts are as before
                + (set.isEmpty() ? "" : "\n" + set);
            return campaign + "/" + digest(identity) + "/" + variant + "@" + firstSeed;
        }
    }

    /** A sharded entity's name for everything that decides a unit's outcome: 96 bits of its SHA-256, in hex. */
    static String digest(String identity) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A campaign that cannot finish: a batch failed too often, or a worker could not run it. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        Failed(String msg) { super(msg); }
    }

    /** Sends of batches made because a worker was downed or removed, or its region refused an ask before its timeout; never a timeout. */
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
        checkFrames(plan, done);
        ClusterSharding sharding = ClusterSharding.get(node.system());
        Dispatch<Planned, BatchDone> dispatch = new Dispatch<>(node, settings, settings.batchTimeout(), "batch", BatchWorker.KEY.name(), Planned::id,
            (p, attempt, timeout) -> sharding.entityRefFor(BatchWorker.KEY, p.entityId(campaign)).<BatchDone>ask(replyTo ->
                new RunBatch(p.id(), p.bundle(), p.variant(), p.strategy(), p.firstSeed(), p.count(), replyTo, p.set()), timeout),
            BatchDone::error);
        try {
            dispatch.run(plan, done, d -> onDone.accept(d.outcome()), tick, p -> false);
        } finally {
            resent += dispatch.resent();
        }
    }
}
