package dev.pagerace.campaign;

import akka.actor.Address;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.pagerace.engine.ActorEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A pagerace cluster node: an actor system with the cluster provider, batch
 * sharding and a run engine. Workers host batch entities; a campaign driver
 * that is not a worker only sends to them. With no config file the node is
 * the embedded default (cluster-config/local.conf): it joins itself.
 */
public final class ClusterNode implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final ActorEngine engine;

    private ClusterNode(ActorSystem<Void> system) {
        this.system = system;
        this.engine = ActorEngine.on(system);
        BatchWorker.init(system, engine);
        ShardWorker.init(system);
    }

    /**
     * The node's configuration: the file (or the embedded local.conf) over
     * pagerace-node.conf over reference.conf; {@code roles} and {@code port}
     * override when not null.
     */
    public static Config config(Path file, List<String> roles, Integer port) {
        Config own;
        if (file == null) {
            own = ConfigFactory.parseResources("pagerace/local.conf");
        } else {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such cluster config: " + file);
            own = ConfigFactory.parseFile(file.toFile(),
                com.typesafe.config.ConfigParseOptions.defaults().setAllowMissing(false).setIncluder(new StrictIncluder(null)));
        }
        if (roles != null) own = own.withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(roles));
        if (port != null) own = own.withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port));
        Config all = layered(own);
        checkTls(all);
        return all;
    }

    /** The key and trust store passwords of Artery's TLS transport (multi-host.conf sets them from the environment). */
    static final List<String> TLS_PASSWORDS = List.of("key-store-password", "key-password", "trust-store-password");

    /**
     * A TLS node whose password variables are unset would start with Akka's
     * placeholder password "changeme" and listen anyway (then fail every
     * handshake, or open a store whose password is the placeholder): refuse
     * it before anything binds.
     */
    static void checkTls(Config c) {
        if (!c.hasPath("akka.remote.artery.transport") || !c.getString("akka.remote.artery.transport").equals("tls-tcp")) return;
        String engine = "akka.remote.artery.ssl.config-ssl-engine.";
        Config akkaDefaults = ConfigFactory.defaultReference();
        List<String> unset = new ArrayList<>();
        for (String k : TLS_PASSWORDS) {
            String v = c.hasPath(engine + k) ? c.getString(engine + k) : "";
            if (v.isEmpty() || (akkaDefaults.hasPath(engine + k) && v.equals(akkaDefaults.getString(engine + k)))) unset.add(engine + k);
        }
        if (!unset.isEmpty()) {
            throw new IllegalArgumentException("a TLS node needs its store passwords, and " + String.join(", ", unset)
                + (unset.size() == 1 ? " is" : " are") + " not set (multi-host.conf takes them from PAGERACE_KEYSTORE_PASSWORD,"
                + " PAGERACE_KEY_PASSWORD and PAGERACE_TRUSTSTORE_PASSWORD): the node does not start");
        }
    }

    /**
     * Typesafe Config ignores an {@code include} whose file is missing, so a
     * node config whose shared seed-node file is absent would silently form a
     * one-node cluster ("joined itself"). This includer runs the default one
     * and refuses an include that found nothing.
     */
    static final class StrictIncluder implements com.typesafe.config.ConfigIncluder, com.typesafe.config.ConfigIncluderFile,
            com.typesafe.config.ConfigIncluderClasspath {
        private final com.typesafe.config.ConfigIncluder fallback;

        StrictIncluder(com.typesafe.config.ConfigIncluder fallback) {
            this.fallback = fallback;
        }

        @Override public com.typesafe.config.ConfigIncluder withFallback(com.typesafe.config.ConfigIncluder f) {
            return fallback == null ? new StrictIncluder(f) : this;
        }

        private static com.typesafe.config.ConfigObject found(com.typesafe.config.ConfigObject o, com.typesafe.config.ConfigIncludeContext ctx,
                                                            String what) {
            if (o == null || o.isEmpty()) {
                String origin = ctx.parseOptions().getOriginDescription();
                throw new com.typesafe.config.ConfigException.Generic("include \"" + what + "\" found no such file, or an empty one"
                    + (origin == null ? "" : " (included from " + origin + ")") + ": a missing include would silently change the node's cluster");
            }
            return o;
        }

        @Override public com.typesafe.config.ConfigObject include(com.typesafe.config.ConfigIncludeContext ctx, String what) {
            return found(fallback.include(ctx, what), ctx, what);
        }

        @Override public com.typesafe.config.ConfigObject includeFile(com.typesafe.config.ConfigIncludeContext ctx, java.io.File f) {
            return found(((com.typesafe.config.ConfigIncluderFile) fallback).includeFile(ctx, f), ctx, f.toString());
        }

        @Override public com.typesafe.config.ConfigObject includeResources(com.typesafe.config.ConfigIncludeContext ctx, String what) {
            return found(((com.typesafe.config.ConfigIncluderClasspath) fallback).includeResources(ctx, what), ctx, what);
        }
    }

    /** {@code own} over pagerace-node.conf over reference.conf (and system properties). */
    public static Config layered(Config own) {
        return checked(own.withFallback(ConfigFactory.parseResources("pagerace-node.conf")).withFallback(ConfigFactory.load()).resolve());
    }

    /**
     * A node of a cluster on loopback whose seed nodes are the workers at
     * {@code seeds} ({@code port} 0: a free one), with {@code extra} settings
     * laid over it: the in-process clusters of {@code bench cluster} and the tests.
     */
    public static Config loopback(int port, List<Integer> seeds, String role, String extra) {
        StringBuilder seedList = new StringBuilder();
        for (int p : seeds) seedList.append(seedList.length() == 0 ? "" : ", ").append("\"akka://pagerace@127.0.0.1:").append(p).append('"');
        return layered(ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString(
            "akka.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
            + "akka.remote.artery.canonical.port = " + port + "\n"
            + "akka.cluster.seed-nodes = [" + seedList + "]\n"
            + "akka.cluster.roles = [" + role + "]\n")));
    }

    /** Transports Artery knows (akka.remote.artery.transport). */
    static final List<String> TRANSPORTS = List.of("tcp", "tls-tcp", "aeron-udp");

    /**
     * Checks what Akka would otherwise reject at start with a bare
     * RuntimeException (a malformed seed address: ClusterSettings matches it
     * against AddressFromURIString and throws with no message) or reject
     * only once the node is half up: the seed node addresses and the
     * transport. Throws IllegalArgumentException naming the key and value.
     */
    static Config checked(Config c) {
        if (c.hasPath("akka.cluster.seed-nodes")) {
            for (String seed : c.getStringList("akka.cluster.seed-nodes")) {
                boolean ok;
                try {
                    Address a = akka.actor.AddressFromURIString.parse(seed);
                    ok = a.host().isDefined() && a.port().isDefined();
                } catch (Exception e) { // Akka throws java.net.MalformedURLException undeclared
                    ok = false;
                }
                if (!ok) {
                    throw new IllegalArgumentException("akka.cluster.seed-nodes: '" + seed
                        + "' is not a node address (akka://pagerace@HOST:PORT, as in akka://pagerace@127.0.0.1:2551)");
                }
            }
        }
        if (c.hasPath("akka.remote.artery.transport")) {
            String t = c.getString("akka.remote.artery.transport");
            if (!TRANSPORTS.contains(t)) {
                throw new IllegalArgumentException("akka.remote.artery.transport = '" + t + "' is not a transport (" + String.join(", ", TRANSPORTS) + ")");
            }
        }
        return c;
    }

    public static ClusterNode start(Config config) {
        org.slf4j.LoggerFactory.getLogger(ClusterNode.class); // logging before Akka's threads
        ClusterNode n = new ClusterNode(ActorSystem.create(Behaviors.empty(), "pagerace", config));
        if (config.getStringList("akka.cluster.seed-nodes").isEmpty()) n.joinSelf();
        return n;
    }

    public ActorSystem<Void> system() { return system; }

    public ActorEngine engine() { return engine; }

    public Address address() { return Cluster.get(system).selfMember().address(); }

    public List<String> seedNodes() { return system.settings().config().getStringList("akka.cluster.seed-nodes"); }

    private void joinSelf() {
        Cluster c = Cluster.get(system);
        c.manager().tell(Join.create(c.selfMember().address()));
    }

    /** Workers that are up, by address. */
    public List<Address> workersUp() {
        List<Address> out = new ArrayList<>();
        for (Member m : Cluster.get(system).state().getMembers()) {
            if (m.status() == MemberStatus.up() && m.hasRole(BatchWorker.WORKER_ROLE)) out.add(m.address());
        }
        return out;
    }

    /** Worker members in any state (joining, up, leaving, down): a worker missing here has been removed from the cluster. */
    public java.util.Set<Address> workerMembers() {
        java.util.Set<Address> out = new java.util.HashSet<>();
        for (Member m : Cluster.get(system).state().getMembers()) if (m.hasRole(BatchWorker.WORKER_ROLE)) out.add(m.address());
        return out;
    }

    /**
     * The nodes on which the shard coordinator of entity type {@code typeName}
     * now places shards (the regions it has registered), asked through this
     * node's region or proxy. Empty while this node's region knows no
     * coordinator (one is being started on the next oldest worker); fails if
     * the coordinator does not answer within {@code timeout} (it holds every
     * request while a state update is pending).
     */
    public java.util.concurrent.CompletionStage<java.util.Set<Address>> shardRegions(String typeName, Duration timeout) {
        akka.actor.ActorRef region = akka.cluster.sharding.ClusterSharding.get(akka.actor.typed.javadsl.Adapter.toClassic(system)).shardRegion(typeName);
        return akka.pattern.Patterns.ask(region, akka.cluster.sharding.ShardRegion.getCurrentRegionsInstance(), timeout)
            .thenApply(r -> ((akka.cluster.sharding.ShardRegion.CurrentRegions) r).getRegions());
    }

    /**
     * Why this node is no longer part of the cluster (downed by the others'
     * split-brain resolver, leaving, removed, or its actor system stopped),
     * or null while it is: a driver that is out can reach no worker again.
     */
    public String outOfCluster() {
        if (system.whenTerminated().isCompleted()) return "its actor system has stopped";
        MemberStatus s = Cluster.get(system).selfMember().status();
        if (s == MemberStatus.down()) return "it was downed (the other nodes stopped hearing from it, and their split-brain resolver removed it)";
        if (s == MemberStatus.removed() || s == MemberStatus.exiting() || s == MemberStatus.leaving()) {
            return "it is " + s.toString().toLowerCase(java.util.Locale.ROOT) + " the cluster";
        }
        return null;
    }

    /**
     * Waits until {@code expected} worker nodes are up and the shard
     * coordinator of {@code entityType} knows a region on each, or until
     * {@code deadline} ({@link System#nanoTime}, overrun by at most 100 ms).
     * Returns {workers up, of them with a region the coordinator knows} at
     * the end. Sharding places a new shard on the region with the fewest,
     * and moves shards to a region that registers later only a few at a
     * time: a campaign that started with one of its three workers ran its
     * first batches on that one.
     */
    public int[] awaitWorkers(int expected, String entityType, long deadline) throws InterruptedException {
        while (true) {
            List<Address> up = workersUp();
            int placed = 0;
            long left = deadline - System.nanoTime();
            if (!up.isEmpty() && left > 0) {
                Duration ask = Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos()));
                try {
                    Set<Address> regions = shardRegions(entityType, ask).toCompletableFuture().get(ask.toNanos() + 100_000_000L,
                        java.util.concurrent.TimeUnit.NANOSECONDS);
                    placed = (int) regions.stream().filter(up::contains).count();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // no coordinator yet (it starts on the oldest worker): none placed, ask again
                }
            }
            if (placed >= expected || System.nanoTime() >= deadline) return new int[] {up.size(), placed};
            Thread.sleep(100);
        }
    }

    /**
     * After {@link #awaitReady}: waits for {@code expected} workers
     * ({@code pagerace.campaign.expected-workers}) as {@link #awaitWorkers}
     * does, until {@code deadline}. Null when they came (or one is all that
     * is expected); otherwise the warning to print: the campaign goes on
     * with the workers it has, and sharding gives a late one shards as it
     * registers.
     */
    public String awaitExpectedWorkers(int expected, String entityType, long deadline) throws InterruptedException {
        if (expected <= 1) return null;
        int[] got = awaitWorkers(expected, entityType, deadline);
        if (got[1] >= expected) return null;
        return "only " + got[0] + " of the " + expected + " expected worker nodes (pagerace.campaign.expected-workers) were up, " + got[1]
            + " of them with a shard region, when the join timeout ran out; starting with them, and a worker that joins later gets"
            + " its share of shards gradually";
    }

    /** Waits until this node is up and sees at least one worker; false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Cluster.get(system).selfMember().status() == MemberStatus.up() && !workersUp().isEmpty()) return true;
            Thread.sleep(10); // a cheap check: the first batch should not wait for it
        }
        return false;
    }

    @Override public void close() {
        ActorEngine.terminate(system);
    }
}
