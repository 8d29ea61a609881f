package dev.pagerace.cli;

import dev.pagerace.campaign.CampaignSettings;
import dev.pagerace.campaign.ClusterNode;
import java.io.PrintWriter;

/** How a campaign (of seeds or of subtrees) joins its cluster before its first unit of work. */
final class ClusterJoin {
    private ClusterJoin() {}

    /**
     * Waits, within {@code pagerace.campaign.join-timeout}, for this node to
     * be up with a worker in sight (false: the error is printed), then for
     * the workers the configuration expects, whose shortfall is a warning.
     */
    static boolean await(ClusterNode node, CampaignSettings settings, String entityType, PrintWriter err) throws InterruptedException {
        long start = System.nanoTime();
        if (!node.awaitReady(settings.joinTimeout())) {
            err.println("pagerace: could not join the cluster: no worker was up after " + settings.joinTimeout().toSeconds()
                + " s (seed nodes tried: " + (node.seedNodes().isEmpty() ? "this node" : String.join(", ", node.seedNodes())) + ")");
            return false;
        }
        String fewer = node.awaitExpectedWorkers(settings.expectedWorkers(), entityType, start + settings.joinTimeout().toNanos());
        if (fewer != null) err.println("pagerace: " + fewer);
        return true;
    }
}
