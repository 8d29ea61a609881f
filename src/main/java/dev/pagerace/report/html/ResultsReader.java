package dev.pagerace.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a campaign's results directory for the report: campaign.json,
 * summary.json, stats.json and violations.jsonl. The files' layout is known
 * here and nowhere else in the report, so a change of their schema is a
 * change of this class. Missing optional parts (a lock_stat table, shrunk
 * runs) read as null or empty, never as an error: the report says "not
 * recorded".
 */
public final class ResultsReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsReader() {}

    /** What a campaign ran: the scenario files with their hashes, and the sweep (null for none). */
    public record Spec(List<String> scenarios, Map<String, String> hashes, String strategy, long runs, String sweep) {}

    /** A rate of runs with its 95 % Wilson interval. */
    public record Rate(String kind, long runs, double rate, double low, double high) {}

    /** A distinct violation signature and the runs that can show it again. */
    public record Signature(String id, String kind, String signature, long runs, long firstSeed, long shortestSeed,
                            long shortestDeliveries, Long shrunkDeliveries, String shrunkSchedule) {}

    /** Op latency in deliveries over the finished ops, and how many never finished. */
    public record OpStats(String op, long finished, long p50, long p90, long p99, long p999, long max, long unfinished) {}

    /**
     * One row of the summary: a variant, or a variant at a sweep point
     * ({@code set} is {@code faulter=4}, "" for the scenario's own counts).
     */
    public record Variant(String key, String scenario, String variant, String set, long runs, String strategy, String verdict,
                          Map<String, Long> counts, List<Rate> rates, Double cleanUpperBound, List<Signature> signatures,
                          List<String> lockOrder, List<String> mismatches, List<OpStats> ops, List<Map<String, String>> lockStat) {}

    /** One violating run of violations.jsonl. */
    public record Found(String scenario, String variant, String set, String strategy, long seed, List<String> kinds, String headline,
                        String schedule) {}

    public record Results(Path dir, Spec spec, List<Variant> variants, List<Found> found) {}

    public static Results read(Path dir) throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            throw new IOException(dir + " holds no finished campaign (no summary.json; a campaign writes it when it ends)");
        }
        JsonNode summary = JSON.readTree(summaryFile.toFile());
        JsonNode specNode = summary.path("spec");
        if (specNode.isMissingNode() && Files.isRegularFile(dir.resolve("campaign.json"))) specNode = JSON.readTree(dir.resolve("campaign.json").toFile());
        List<String> scenarios = new ArrayList<>();
        specNode.path("scenarios").forEach(n -> scenarios.add(n.asText()));
        Map<String, String> hashes = new LinkedHashMap<>();
        specNode.path("hashes").fields().forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText()));
        String sweep = text(specNode, "sweep");
        Spec spec = new Spec(scenarios, hashes, specNode.path("strategy").asText("random"), specNode.path("runs").asLong(), sweep);

        JsonNode stats = Files.isRegularFile(dir.resolve("stats.json")) ? JSON.readTree(dir.resolve("stats.json").toFile()) : JSON.createObjectNode();
        List<Variant> variants = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.path("variants").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // stats.json (schema 1): {"variants": {key: {"ops": ..., "locks": ...}}}
            JsonNode perVariant = stats.has("variants") ? stats.path("variants").path(e.getKey()) : stats.path(e.getKey());
            variants.add(variant(e.getKey(), e.getValue(), perVariant));
        }
        List<Found> found = new ArrayList<>();
        Path v = dir.resolve("violations.jsonl");
        if (Files.isRegularFile(v)) {
            for (String line : Files.readAllLines(v)) {
                if (line.isBlank()) continue;
                JsonNode n = JSON.readTree(line);
                List<String> kinds = new ArrayList<>();
                n.path("kinds").forEach(k -> kinds.add(k.asText()));
                found.add(new Found(n.path("scenario").asText(), n.path("variant").asText(), n.path("set").asText(""),
                    n.path("strategy").asText(), n.path("seed").asLong(), kinds, n.path("headline").asText(), n.path("schedule").asText("")));
            }
        }
        return new Results(dir, spec, variants, found);
    }

    private static Variant variant(String key, JsonNode n, JsonNode stats) {
        // the key is "scenario/variant" or, at a sweep point, "scenario/variant faulter=4"
        int slash = key.indexOf('/');
        String scenario = slash < 0 ? key : key.substring(0, slash);
        String rest = slash < 0 ? "" : key.substring(slash + 1);
        int sp = rest.indexOf(' ');
        String variant = sp < 0 ? rest : rest.substring(0, sp);
        String set = sp < 0 ? "" : rest.substring(sp + 1).trim();
        Map<String, Long> counts = new LinkedHashMap<>();
        n.path("counts").fields().forEachRemaining(c -> counts.put(c.getKey(), c.getValue().asLong()));
        List<Rate> rates = new ArrayList<>();
        n.path("rates").fields().forEachRemaining(r -> rates.add(new Rate(r.getKey(), r.getValue().path("runs").asLong(),
            r.getValue().path("rate").asDouble(), r.getValue().path("wilson95_low").asDouble(), r.getValue().path("wilson95_high").asDouble())));
        List<Signature> sigs = new ArrayList<>();
        for (JsonNode s : n.path("signatures")) {
            sigs.add(new Signature(s.path("id").asText(), s.path("kind").asText(), s.path("signature").asText(), s.path("runs").asLong(),
                s.path("first_seed").asLong(), s.path("shortest_seed").asLong(), s.path("shortest_deliveries").asLong(),
                s.has("shrunk_deliveries") ? s.path("shrunk_deliveries").asLong() : null, text(s, "shrunk_schedule")));
        }
        List<String> lockOrder = new ArrayList<>();
        n.path("lock_order").forEach(x -> lockOrder.add(x.asText()));
        List<String> mismatches = new ArrayList<>();
        n.path("mismatches").forEach(x -> mismatches.add(x.asText()));
        // stats.json: op name -> percentiles; a lock_stat part, when recorded, is a table kept as it is
        JsonNode opsNode = stats.has("ops") ? stats.path("ops") : stats;
        List<OpStats> ops = new ArrayList<>();
        opsNode.fields().forEachRemaining(o -> {
            JsonNode x = o.getValue();
            if (!x.isObject() || !x.has("p50")) return;
            ops.add(new OpStats(o.getKey(), x.path("finished").asLong(), x.path("p50").asLong(), x.path("p90").asLong(), x.path("p99").asLong(),
                x.path(x.has("p99.9") ? "p99.9" : "p999").asLong(), x.path("max").asLong(), x.path("unfinished").asLong()));
        });
        List<Map<String, String>> lockStat = stats.has("locks") ? lockRows(stats.path("locks")) : table(stats.path("lock_stat"));
        return new Variant(key, scenario, variant, set, n.path("runs").asLong(), n.path("strategy").asText(), n.path("verdict").asText(),
            counts, rates, n.has("clean_upper_bound95") ? n.path("clean_upper_bound95").asDouble() : null, sigs, lockOrder, mismatches,
            ops, lockStat);
    }

    /**
     * stats.json's lock_stat ({@code locks}: class -> mode -> counts, wait and
     * hold latency objects, contention sites) as rows in /proc/lock_stat's
     * order of columns; times in deliveries, unfinished waits and holds beside
     * them.
     */
    static List<Map<String, String>> lockRows(JsonNode locks) {
        List<Map<String, String>> rows = new ArrayList<>();
        locks.fields().forEachRemaining(c -> c.getValue().fields().forEachRemaining(m -> {
            JsonNode x = m.getValue();
            Map<String, String> r = new LinkedHashMap<>();
            r.put("class", c.getKey());
            r.put("mode", m.getKey());
            r.put("acquisitions", x.path("acquisitions").asText("0"));
            r.put("contentions", x.path("contentions").asText("0"));
            r.put("wait p50", x.path("wait").path("p50").asText("0"));
            r.put("wait max", x.path("wait").path("max").asText("0"));
            r.put("waits unfinished", x.path("wait").path("unfinished").asText("0"));
            r.put("hold p50", x.path("hold").path("p50").asText("0"));
            r.put("hold max", x.path("hold").path("max").asText("0"));
            r.put("holds unfinished", x.path("hold").path("unfinished").asText("0"));
            JsonNode top = x.path("contention_sites").path(0);
            r.put("top contention point", top.isMissingNode() ? "" : top.path("site").asText() + " (" + top.path("count").asText() + ")");
            rows.add(r);
        }));
        return rows;
    }

    /**
     * A lock_stat part as rows of columns: an array of objects, or an object
     * of objects (the key becomes the {@code class} column). Null when absent.
     */
    static List<Map<String, String>> table(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return null;
        List<Map<String, String>> rows = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode r : n) rows.add(row(null, r));
        } else if (n.isObject()) {
            n.fields().forEachRemaining(e -> rows.add(row(e.getKey(), e.getValue())));
        }
        return rows;
    }

    private static Map<String, String> row(String key, JsonNode r) {
        Map<String, String> m = new LinkedHashMap<>();
        if (key != null) m.put("class", key);
        if (r.isObject()) r.fields().forEachRemaining(c -> m.put(c.getKey(), c.getValue().isValueNode() ? c.getValue().asText() : c.getValue().toString()));
        else m.put("value", r.asText());
        return m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode x = n.path(field);
        return x.isMissingNode() || x.isNull() ? null : x.asText();
    }
}
