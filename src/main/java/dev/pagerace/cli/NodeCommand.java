package dev.pagerace.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.pagerace.campaign.ClusterNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pagerace node --config CONF}: a worker node that runs campaign batches until it is stopped. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Starts a worker node of a pagerace cluster; it runs campaign batches until stopped.")
final class NodeCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "CONF", required = true, description = "cluster config, e.g. cluster-config/node1.conf")
    Path config;

    @Override public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        Config c;
        try {
            c = ClusterNode.config(config, null, null);
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("pagerace: bad cluster config: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        ClusterNode node;
        try {
            node = ClusterNode.start(c);
        } catch (RuntimeException e) {
            err.println("pagerace: the node could not start: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
            return Main.EXIT_BAD_INPUT;
        }
        err.println("pagerace node " + node.address() + " roles " + c.getStringList("akka.cluster.roles")
            + (node.seedNodes().isEmpty() ? " (joined itself)" : " joining " + node.seedNodes()));
        err.flush();
        node.system().getWhenTerminated().toCompletableFuture().get();
        // a node the others downed stops by itself: say so, rather than exit as if it had been asked to
        var reason = akka.actor.CoordinatedShutdown.get(node.system()).getShutdownReason();
        if (reason.isPresent() && reason.get() == akka.actor.CoordinatedShutdown.clusterDowningReason()) {
            err.println("pagerace node " + node.address() + ": stopped: the other nodes downed it (they stopped hearing from it;"
                + " its batches run elsewhere); start it again to rejoin");
            return Main.EXIT_INFRASTRUCTURE;
        }
        return 0;
    }
}
