package dev.pagerace.campaign;

import akka.actor.Address;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Hands out units of work to sharded entities and collects their answers,
 * for any kind of unit (a batch of seeds, a subtree of an exhaustive
 * search). A unit not answered within its ask timeout, or in flight when a
 * worker node leaves the cluster, is sent again (sharding places it on a
 * live node); answers are taken by unit id, so a unit that ran twice counts
 * once. Runs on the caller's thread; the asks complete on Akka's.
 *
 * @param <J> a unit of work
 * @param <R> its answer
 */
final class Dispatch<J, R> {
    /** Sends one unit (attempt 1, 2, ...) and completes with its answer, or fails on timeout. */
    interface Send<J, R> {
        CompletionStage<R> send(J unit, int attempt, java.time.Duration timeout);
    }

    private record Completion<J, R>(J unit, int attempt, R answer, Throwable error, long nanos) {}

    /** A failed attempt waiting for its pause to end: sent again at {@code due} unless answered or sent again meanwhile. */
    private record Retry<J>(long due, int attempt, J unit) {}

    /**
     * How long after a worker's removal the units in flight are sent once
     * more; also how often, after a loss, the driver asks the shard
     * coordinator whether it still places shards on the lost worker, and
     * how long it waits for that answer.
     */
    static final java.time.Duration RESEND_AGAIN = java.time.Duration.ofSeconds(3);

    /** Units sent again because a worker was lost (for tests: resends happen at loss, not at the timeout). */
    private int resent;

    int resent() { return resent; }

    /** Nanoseconds before failed attempt {@code n} (from 1) is sent again: 0.5 s, 1 s, 2 s, ... up to 16 s. */
    static long backoff(int n) {
        return TimeUnit.MILLISECONDS.toNanos(250L << Math.min(Math.max(n, 1), 6));
    }

    private final ClusterNode node;
    private final CampaignSettings settings;
    /** What a unit is called in messages: "batch", "subtree". */
    private final String noun;
    /** The sharded entity type the units go to (its coordinator is asked where it places shards after a loss). */
    private final String entityType;
    private final Function<J, String> id;
    private final Send<J, R> send;
    /** The error a worker answered instead of a result (the unit cannot run anywhere), or null. */
    private final Function<R, String> remoteError;

    /** How long an ask waits for its answer; one that fails sooner failed because its unit's node is gone. */
    private final java.time.Duration timeout;

    Dispatch(ClusterNode node, CampaignSettings settings, java.time.Duration timeout, String noun, String entityType, Function<J, String> id,
             Send<J, R> send, Function<R, String> remoteError) {
        this.entityType = entityType;
        this.timeout = timeout;
        this.node = node;
        this.settings = settings;
        this.noun = noun;
        this.id = id;
        this.send = send;
        this.remoteError = remoteError;
    }

    /**
     * Runs every unit of {@code units} whose id is not in {@code done};
     * {@code onDone} sees each new answer once, {@code tick} is called while
     * waiting; units for which {@code skip} holds when their turn comes are
     * not sent (a search that already has its verdict).
     */
    void run(List<J> units, Set<String> done, Consumer<R> onDone, Runnable tick, Predicate<J> skip)
        throws CampaignDriver.Failed, InterruptedException {
        // taken from the units one at a time: a plan of millions of batches is never copied (Campaign.Plan)
        java.util.Iterator<J> queue = units.stream().filter(u -> !done.contains(id.apply(u))).iterator();
        Set<String> finished = new HashSet<>(done);
        Map<String, Integer> attempts = new LinkedHashMap<>(); // in flight: id -> current attempt
        Map<String, J> inFlight = new LinkedHashMap<>();
        LinkedBlockingQueue<Completion<J, R>> completions = new LinkedBlockingQueue<>();
        Set<Address> workers = new HashSet<>(node.workersUp());
        Set<Address> members = node.workerMembers();
        long resendAgainAt = Long.MAX_VALUE;
        // after a worker loss: until the shard coordinator places shards on live workers only (see below)
        boolean unsettled = false;
        java.util.concurrent.CompletableFuture<Set<Address>> regionsAsked = null;
        long askRegionsAt = 0;
        // failed asks wait here before they are sent again
        java.util.ArrayDeque<Retry<J>> retries = new java.util.ArrayDeque<>();

        Consumer<J> launch = u -> {
            String key = id.apply(u);
            int attempt = attempts.merge(key, 1, Integer::sum);
            inFlight.put(key, u);
            long sent = System.nanoTime();
            send.send(u, attempt, timeout).whenComplete((r, err) -> completions.add(new Completion<>(u, attempt, r, err, System.nanoTime() - sent)));
        };

        long noWorkerSince = Long.MAX_VALUE;
        while (queue.hasNext() || !inFlight.isEmpty()) {
            int limit = Math.max(2, Math.max(1, workers.size()) * settings.inFlightPerWorker());
            while (inFlight.size() < limit && queue.hasNext()) {
                J u = queue.next();
                if (!skip.test(u)) launch.accept(u);
            }
            Completion<J, R> c = completions.poll(250, TimeUnit.MILLISECONDS);
            Set<Address> now = new HashSet<>(node.workersUp());
            Set<Address> nowMembers = node.workerMembers();
            // Asks to a cluster this node has left, or that has no worker, would only time out, attempt after attempt
            // (minutes at the default settings): say why at once instead, once the workers have had join-timeout to
            // return. Only while no answer arrives: an answer already here (the last one, say) is still taken.
            if (!nowMembers.isEmpty()) noWorkerSince = Long.MAX_VALUE;
            else if (noWorkerSince == Long.MAX_VALUE) noWorkerSince = System.nanoTime();
            if (c == null) {
                String out = node.outOfCluster();
                if (out != null) throw new CampaignDriver.Failed("this driver node is no longer in the cluster: " + out);
                if (noWorkerSince != Long.MAX_VALUE && System.nanoTime() - noWorkerSince > settings.joinTimeout().toNanos()) {
                    throw new CampaignDriver.Failed("no worker node has been in the cluster for " + settings.joinTimeout().toSeconds()
                        + " s (every worker died or was downed); start workers again");
                }
            }
            // A worker that died takes its units with it; the driver cannot tell which, so every unit in flight is
            // sent again (answers are taken by id, and a live entity asked twice runs its unit once). Sent when the
            // worker is downed, they still go to its dead shard region: sharding moves its shards only once the
            // member is removed (ShardCoordinator reallocates on the region's Terminated). So they are sent again at
            // removal, and once more a little later for a driver whose region learned of the removal after we did.
            // Even that is not enough: a coordinator whose state update was pending when the worker died (the update
            // waits for the dead node's replicator until akka.cluster.sharding.updating-state-timeout, then is
            // retried) holds the region's Terminated until the update is done, and meanwhile answers "at the dead
            // region" for its shards, even allocating new shards there; a message sent there is dropped. So after a
            // loss the driver asks the coordinator, every RESEND_AGAIN, which nodes it places shards on, and once
            // they are all live workers it sends every unit in flight again, and once more RESEND_AGAIN later (a
            // stale "at the dead region" answer may still be on its way to this node's region). Otherwise a unit
            // sent while sharding was unsettled would wait for its full ask timeout.
            boolean down = !now.containsAll(workers);
            boolean removed = !nowMembers.containsAll(members);
            workers = now;
            members = nowMembers;
            if (removed) resendAgainAt = System.nanoTime() + RESEND_AGAIN.toNanos();
            if (down || removed) unsettled = true;
            boolean settled = false;
            if (unsettled && regionsAsked != null && regionsAsked.isDone()) {
                Set<Address> regions = regionsAsked.isCompletedExceptionally() ? Set.of() : regionsAsked.getNow(Set.of());
                regionsAsked = null;
                // empty: this node's region knows no coordinator yet (it is moving to the next oldest worker)
                settled = !regions.isEmpty() && now.containsAll(regions);
                if (settled) {
                    unsettled = false;
                    resendAgainAt = System.nanoTime() + RESEND_AGAIN.toNanos();
                }
            }
            if (unsettled && regionsAsked == null && System.nanoTime() >= askRegionsAt) {
                regionsAsked = node.shardRegions(entityType, RESEND_AGAIN).toCompletableFuture();
                askRegionsAt = System.nanoTime() + RESEND_AGAIN.toNanos();
            }
            boolean again = System.nanoTime() >= resendAgainAt;
            if (again) resendAgainAt = Long.MAX_VALUE;
            if (down || removed || settled || again) {
                for (J u : List.copyOf(inFlight.values())) {
                    launch.accept(u);
                    resent++;
                }
            }
            for (int i = retries.size(); i > 0; i--) {
                Retry<J> r = retries.poll();
                String key = id.apply(r.unit());
                if (finished.contains(key) || attempts.getOrDefault(key, 0) != r.attempt()) continue; // answered, or sent again since
                if (System.nanoTime() < r.due()) retries.add(r);
                else launch.accept(r.unit());
            }
            tick.run();
            if (c == null) continue;
            String key = id.apply(c.unit());
            if (finished.contains(key)) continue; // a duplicate answer: already counted
            String remote = c.answer() == null ? null : remoteError.apply(c.answer());
            if (c.error() == null && remote == null) {
                finished.add(key);
                attempts.remove(key);
                inFlight.remove(key);
                onDone.accept(c.answer());
                continue;
            }
            if (remote != null) throw new CampaignDriver.Failed(noun + " " + key + " could not run on a worker: " + remote);
            if (c.attempt() < attempts.getOrDefault(key, 0)) continue; // superseded by a later send
            if (c.attempt() >= settings.maxAttempts()) {
                throw new CampaignDriver.Failed(noun + " " + key + " got no answer after " + c.attempt() + " attempts (last: " + c.error() + ")");
            }
            // An ask that fails at once (the shard region of a node being removed is already terminated, sharding
            // has not placed the shard anew yet) would, sent again at once, spend every attempt in a second: each
            // waits longer than the one before, up to 16 s, so the attempts cover minutes of rebalancing
            retries.add(new Retry<>(System.nanoTime() + backoff(c.attempt()), c.attempt(), c.unit()));
            if (c.nanos() < timeout.toNanos()) resent++; // refused before its timeout: its worker is gone, not slow
        }
    }
}
