package dev.pagerace.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerace.stats.StatsJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The JSON of results, as docs/results-format.md specifies it: one writer
 * for what {@code summary.json}, {@code stats.json} and {@code check --json}
 * share, so the three never drift apart.
 */
public final class ResultsJson {
    public static final ObjectMapper JSON = new ObjectMapper();

    private ResultsJson() {}

    /** The campaign spec in snake_case (campaign.json keeps the record's own names, which --resume reads back). */
    public static ObjectNode spec(ObjectNode n, CampaignSpec spec) {
        n.putPOJO("scenarios", spec.scenarios());
        n.putPOJO("hashes", new java.util.TreeMap<>(spec.hashes()));
        n.put("variant", spec.variant());
        n.put("runs", spec.runs());
        n.put("seed_start", spec.seedStart());
        n.put("strategy", spec.strategy());
        n.put("batch_size", spec.batchSize());
        if (spec.sweep() != null && !spec.sweep().isEmpty()) n.put("sweep", spec.sweep());
        return n;
    }

    /** One variant's fields of summary.json (see docs/results-format.md). */
    public static ObjectNode variant(ObjectNode n, VariantSummary v, List<String> mismatches) {
        n.put("scenario", v.scenario);
        n.put("variant", v.variant);
        n.put("runs", v.runs());
        n.put("deliveries", v.steps());
        // runs per label; lock_order is not a run count but cycles of the merged graph, so it stands apart
        n.putPOJO("counts", v.runCounts());
        n.put("lock_order_cycles", v.cycles().size());
        n.put("strategy", v.strategy());
        n.put("verdict", v.strength());
        // per kind: runs that showed it, the rate and its 95 % Wilson interval
        ObjectNode rates = n.putObject("rates");
        for (var c : v.runCounts().entrySet()) {
            if (c.getKey().equals("clean")) continue;
            double[] ci = VerdictStrength.wilson(c.getValue(), v.runs());
            ObjectNode x = rates.putObject(c.getKey());
            x.put("runs", c.getValue());
            x.put("rate", v.runs() > 0 ? (double) c.getValue() / v.runs() : 0);
            x.put("wilson95_low", ci[0]);
            x.put("wilson95_high", ci[1]);
        }
        if (v.violationKinds().isEmpty()) {
            n.put("clean_upper_bound95", VerdictStrength.ruleOfThree(v.runs()));
            n.put("clean_bound_method", "rule_of_three");
        }
        n.put("distinct_signatures", v.signatures().size());
        ArrayNode sigs = n.putArray("signatures");
        for (VariantSummary.Signature g : v.signatures()) {
            ObjectNode x = sigs.addObject();
            x.put("id", g.id());
            x.put("kind", g.kind());
            x.put("signature", g.signature());
            x.put("runs", g.runs());
            x.put("first_seed", g.firstSeed());
            x.put("first_deliveries", g.firstSteps());
            x.put("shortest_seed", g.shortestSeed());
            x.put("shortest_deliveries", g.shortestSteps());
            if (g.shrunk() != null) {
                x.put("shrunk_deliveries", g.shrunk().steps());
                x.put("shrunk_schedule", g.shrunk().schedule());
                x.put("shrink_runs", g.shrunk().candidateRuns());
            }
        }
        ObjectNode first = n.putObject("first");
        for (var f : v.first().entrySet()) {
            ObjectNode x = first.putObject(f.getKey());
            x.put("seed", f.getValue().seed());
            x.put("run", f.getValue().index());
            x.put("headline", f.getValue().headline());
        }
        ArrayNode cycles = n.putArray("lock_order");
        v.cycles().forEach(c -> cycles.add(c.headline()));
        ArrayNode cycleIds = n.putArray("lock_order_signatures");
        v.cycles().forEach(c -> cycleIds.add(dev.pagerace.oracle.Violation.signatureId(c.signature())));
        n.putPOJO("mismatches", mismatches);
        return n;
    }

    /** Every op's latency object with the runs it comes from. */
    public static ObjectNode ops(ObjectNode n, Map<String, VariantSummary.OpLatency> ops) {
        for (var e : ops.entrySet()) {
            ObjectNode o = StatsJson.latency(n.putObject(e.getKey()), e.getValue().latency());
            o.put("runs", e.getValue().runs());
            o.put("runs_unfinished", e.getValue().runsUnfinished());
        }
        return n;
    }

    /** One variant's entry of stats.json: runs, ops and lock_stat. */
    public static ObjectNode stats(ObjectNode n, VariantSummary v) {
        n.put("runs", v.runs());
        ops(n.putObject("ops"), v.ops());
        StatsJson.locks(n.putObject("locks"), v.lockStat());
        return n;
    }

    public static ArrayNode comparisons(ArrayNode a, List<Comparisons.Comparison> cs) {
        for (Comparisons.Comparison c : cs) {
            ObjectNode o = a.addObject();
            o.put("scenario", c.scenario());
            o.put("op", c.op());
            o.put("a", c.a());
            o.put("b", c.b());
            o.put("finished_a", c.latencyA().finished());
            o.put("finished_b", c.latencyB().finished());
            o.put("unfinished_a", c.latencyA().unfinished());
            o.put("unfinished_b", c.latencyB().unfinished());
            o.put("p50_a", c.latencyA().p50());
            o.put("p50_b", c.latencyB().p50());
            o.put("tested", c.tested());
            if (!c.tested()) o.put("untested", c.untested());
            o.put("test", "mann_whitney_u");
            if (c.tested()) {
                o.put("u", c.u());
                o.put("p_value", c.pValue());
                o.put("p_adjusted", c.pAdjusted());
            }
            o.put("significant", c.significant());
            o.put("shift", c.shift());
        }
        return a;
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file in the
     * same directory, forced to disk, then renamed over it: a reader (the
     * report, a CI job polling a running campaign) sees the old file or the
     * new one, never part of one.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                var buf = java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
