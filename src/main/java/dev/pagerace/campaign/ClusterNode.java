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
            own = ConfigFactory.parseFile(file.toFile());
        }
        if (roles != null) own = own.withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(roles));
        if (port != null) own = own.withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port));
        return layered(own);
    }

    /** {@code own} over pagerace-node.conf over reference.conf (and system properties). */
    public static Config layered(Config own) {
        return checked(own.withFallback(ConfigFactory.parseResources("pagerace-node.conf")).withFallback(ConfigFactory.load()).resolve());
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

    /** Waits until this node is up and sees at least one worker; false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Cluster.get(system).selfMember().status() == MemberStatus.up() && !workersUp().isEmpty()) return true;
            Thread.sleep(100);
        }
        return false;
    }

    @Override public void close() {
        ActorEngine.terminate(system);
    }
}
