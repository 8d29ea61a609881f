package dev.pagerace.campaign;

import akka.actor.Address;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
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

    /**
     * The batches not yet launched, taken from the plan one at a time: a plan
     * of millions of batches is never copied (see {@link Campaign.Plan}).
     */
    private static final class Queue {
        private final java.util.Iterator<Planned> it;
        private final Set<String> done;
        private Planned next;

        Queue(List<Planned> plan, Set<String> done) {
            this.it = plan.iterator();
            this.done = done;
            advance();
        }

        private void advance() {
            next = null;
            while (next == null && it.hasNext()) {
                Planned p = it.next();
                if (!done.contains(p.id())) next = p;
            }
        }

        boolean isEmpty() { return next == null; }

        Planned poll() {
            Planned p = next;
            advance();
            return p;
        }
    }

    private record Completion(Planned batch, int attempt, BatchDone done, Throwable error) {}

    /** A campaign that cannot finish: a batch failed too often, or a worker could not run it. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        Failed(String msg) { super(msg); }
    }

    private final ClusterNode node;
    private final CampaignSettings settings;
    /** The campaign's id: batch entities are scoped by it (see {@link Planned#entityId}). */
    private final String campaign;

    public CampaignDriver(ClusterNode node, CampaignSettings settings, String campaign) {
        this.node = node;
        this.settings = settings;
        this.campaign = campaign;
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
        Queue queue = new Queue(plan, done);
        Set<String> finished = new HashSet<>(done);
        Map<String, Integer> attempts = new LinkedHashMap<>(); // in flight: id -> current attempt
        Map<String, Planned> inFlight = new LinkedHashMap<>();
        LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        Set<Address> workers = new HashSet<>(node.workersUp());

        Consumer<Planned> launch = p -> {
            int attempt = attempts.merge(p.id(), 1, Integer::sum);
            inFlight.put(p.id(), p);
            EntityRef<BatchWorker.Command> ref = sharding.entityRefFor(BatchWorker.KEY, p.entityId(campaign));
            ref.<BatchDone>ask(replyTo -> new RunBatch(p.id(), p.bundle(), p.variant(), p.strategy(), p.firstSeed(), p.count(), replyTo),
                    settings.batchTimeout())
                .whenComplete((d, err) -> completions.add(new Completion(p, attempt, d, err)));
        };

        while (!queue.isEmpty() || !inFlight.isEmpty()) {
            int limit = Math.max(2, Math.max(1, workers.size()) * settings.inFlightPerWorker());
            while (inFlight.size() < limit && !queue.isEmpty()) launch.accept(queue.poll());
            Completion c = completions.poll(250, TimeUnit.MILLISECONDS);
            // a worker that left takes its batches with it: send them again now rather than at their timeout
            Set<Address> now = new HashSet<>(node.workersUp());
            boolean lost = !now.containsAll(workers);
            workers = now;
            if (lost) for (Planned p : List.copyOf(inFlight.values())) launch.accept(p);
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
