package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagerace.oracle.LockEdge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json does not depend on the order in which batches finished: the lock-order merge is commutative. */
class MergeOrderTest {
    @TempDir Path dir;

    private static LockEdge edge(String from, String fromMode, String to, String toMode, String task, long seed) {
        return new LockEdge(from, fromMode, to, toMode, task, "t.kp:" + seed + ":1", "", "t.kp:" + seed + ":9", "", seed, false);
    }

    /** A batch of clean runs that recorded these dependencies. */
    private static BatchOutcome batch(long first, List<LockEdge> edges) {
        return new BatchOutcome("t.kp#v@" + first + "+10", "t", "v", "random", first, 10, 100,
            List.of("clean"), List.of(10L), List.of(), edges, List.of(), List.of());
    }

    private byte[] summary(List<BatchOutcome> order, String name) throws Exception {
        VariantSummary v = new VariantSummary("t", "v", 0);
        for (BatchOutcome b : order) v.add(b);
        CampaignSpec spec = new CampaignSpec(List.of("t.kp"), Map.of("t.kp", "0"), "v", 30, 0, "random", 10);
        try (ResultsDir r = ResultsDir.create(dir.resolve(name), spec)) {
            r.writeSummary(List.of(v), Map.of(), 30, 1.0);
        }
        return Files.readAllBytes(dir.resolve(name).resolve(ResultsDir.SUMMARY));
    }

    @Test void batchesMergedInAnyOrderGiveIdenticalSummaryBytes() throws Exception {
        // the same two classes in several modes, from several batches: which example of the
        // a -> b -> a cycle is shown, and its seed, must not depend on which batch came first
        List<BatchOutcome> batches = new ArrayList<>(List.of(
            batch(0, List.of(edge("a", "write", "b", "write", "t1", 3), edge("b", "write", "a", "read", "t2", 5))),
            batch(10, List.of(edge("a", "read", "b", "write", "t1", 12), edge("b", "write", "a", "write", "t2", 11),
                edge("c", "write", "a", "write", "t3", 14))),
            batch(20, List.of(edge("a", "write", "c", "write", "t3", 21), edge("a", "write", "b", "write", "t4", 22)))));
        byte[] forward = summary(batches, "forward");
        Collections.reverse(batches);
        byte[] backward = summary(batches, "backward");
        Collections.swap(batches, 0, 1);
        byte[] mixed = summary(batches, "mixed");
        assertEquals(new String(forward), new String(backward));
        assertArrayEquals(forward, mixed);
        JsonNode v = new ObjectMapper().readTree(forward).get("variants").get("t/v");
        assertEquals(2, v.get("lock_order_cycles").asInt(), "a -> b -> a and a -> c -> a");
    }
}
