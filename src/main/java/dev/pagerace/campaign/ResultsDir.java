package dev.pagerace.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's results directory. {@code batches.jsonl} is the journal, one
 * finished batch per line, forced to disk before the batch counts as done:
 * it is the only source of truth. {@code violations.jsonl},
 * {@code summary.json} and {@code stats.json} are derived from it and
 * rewritten, so a killed campaign resumes with no result lost or counted
 * twice (a torn last journal line is dropped and its batch rerun).
 */
public final class ResultsDir implements AutoCloseable {
    public static final String SPEC = "campaign.json", JOURNAL = "batches.jsonl", VIOLATIONS = "violations.jsonl",
        SUMMARY = "summary.json", STATS = "stats.json";

    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(SerializationFeature.INDENT_OUTPUT, false);

    private final Path dir;
    private final CampaignSpec spec;
    private final Map<String, BatchOutcome> done;
    private final FileChannel journal;
    private int dropped;

    private ResultsDir(Path dir, CampaignSpec spec, Map<String, BatchOutcome> done) throws IOException {
        this.dir = dir;
        this.spec = spec;
        this.done = done;
        this.campaignId = campaignId(dir);
        this.journal = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Names this campaign among every campaign a cluster runs: its batches are sharded entities scoped by it. */
    public static final String ID = "campaign.id";

    private final String campaignId;

    /** The campaign's id, made when the directory is created and kept for --resume. */
    public String campaignId() { return campaignId; }

    private static String campaignId(Path dir) throws IOException {
        Path f = dir.resolve(ID);
        if (Files.isRegularFile(f)) {
            String id = Files.readString(f).trim();
            if (id.matches("[0-9a-f-]{8,64}")) return id;
        }
        String id = java.util.UUID.randomUUID().toString();
        Files.writeString(f, id + "\n");
        return id;
    }

    /** A new results directory; refuses one that already holds a campaign. */
    public static ResultsDir create(Path dir, CampaignSpec spec) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(JOURNAL)) || Files.exists(dir.resolve(SPEC))) {
            throw new IllegalArgumentException(dir + " already holds a campaign: resume it with --resume " + dir);
        }
        Files.writeString(dir.resolve(SPEC), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
        return new ResultsDir(dir, spec, new LinkedHashMap<>());
    }

    /** Reopens a campaign's directory: its spec and the batches already done. */
    public static ResultsDir resume(Path dir) throws IOException {
        Path specFile = dir.resolve(SPEC);
        if (!Files.isRegularFile(specFile)) throw new IllegalArgumentException(dir + " holds no campaign (no " + SPEC + ")");
        CampaignSpec spec;
        try {
            spec = JSON.readValue(Files.readString(specFile), CampaignSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(specFile + " is not a campaign spec: " + e.getOriginalMessage());
        }
        Map<String, BatchOutcome> done = new LinkedHashMap<>();
        int dropped = 0;
        Path j = dir.resolve(JOURNAL);
        if (Files.exists(j)) {
            byte[] bytes = Files.readAllBytes(j);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int validEnd = 0;
            int start = 0;
            while (start < text.length()) {
                int nl = text.indexOf('\n', start);
                if (nl < 0) {
                    dropped++; // torn last line: its batch runs again
                    break;
                }
                String line = text.substring(start, nl);
                try {
                    BatchOutcome b = JSON.readValue(line, BatchOutcome.class);
                    done.putIfAbsent(b.batchId(), b);
                    validEnd = nl + 1;
                } catch (JsonProcessingException e) {
                    dropped++;
                    break;
                }
                start = nl + 1;
            }
            if (validEnd < bytes.length) {
                // cut the torn tail so the journal stays one outcome per line
                try (FileChannel ch = FileChannel.open(j, StandardOpenOption.WRITE)) {
                    ch.truncate(text.substring(0, validEnd).getBytes(StandardCharsets.UTF_8).length);
                }
            }
        }
        ResultsDir r = new ResultsDir(dir, spec, done);
        r.dropped = dropped;
        r.rewriteViolations();
        return r;
    }

    public Path dir() { return dir; }

    public CampaignSpec spec() { return spec; }

    /** Batches already done, by id. */
    public Map<String, BatchOutcome> done() { return done; }

    /** Torn journal lines dropped on resume. */
    public int dropped() { return dropped; }

    /** Journals a finished batch (once per id) and appends its violations. */
    public synchronized boolean record(BatchOutcome b) {
        if (done.containsKey(b.batchId())) return false;
        try {
            byte[] line = (JSON.writeValueAsString(b) + "\n").getBytes(StandardCharsets.UTF_8);
            journal.write(java.nio.ByteBuffer.wrap(line));
            journal.force(false);
            done.put(b.batchId(), b);
            StringBuilder v = new StringBuilder();
            for (BatchOutcome.Found f : b.found()) v.append(violationLine(b, f)).append('\n');
            if (v.length() > 0) {
                Files.writeString(dir.resolve(VIOLATIONS), v, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(JOURNAL), e);
        }
    }

    /** violations.jsonl from the journal alone, so a resumed campaign never repeats a record. */
    private void rewriteViolations() throws IOException {
        StringBuilder v = new StringBuilder();
        for (BatchOutcome b : done.values()) for (BatchOutcome.Found f : b.found()) v.append(violationLine(b, f)).append('\n');
        Files.writeString(dir.resolve(VIOLATIONS), v, StandardCharsets.UTF_8);
    }

    private static String violationLine(BatchOutcome b, BatchOutcome.Found f) throws JsonProcessingException {
        ObjectNode n = JSON.createObjectNode();
        n.put("scenario", b.scenario());
        n.put("variant", b.variant());
        n.put("strategy", b.strategy());
        n.put("seed", f.seed());
        n.putPOJO("kinds", f.kinds());
        n.put("headline", f.headline());
        n.put("schedule", f.schedule());
        n.put("report", f.report());
        n.put("batch", b.batchId());
        // a sweep point's batch id carries its task counts (file#variant[faulter=4]@...): rerun needs them as --set
        int open = b.batchId().indexOf('['), close = b.batchId().indexOf("]@");
        if (open >= 0 && close > open) n.put("set", b.batchId().substring(open + 1, close));
        return JSON.writeValueAsString(n);
    }

    /** Writes summary.json and stats.json from the merged summaries. */
    public void writeSummary(Collection<VariantSummary> variants, Map<String, List<String>> mismatches, long runs, double seconds) {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.putPOJO("spec", spec);
            root.put("runs", runs);
            root.put("seconds", Math.round(seconds * 10) / 10.0);
            root.put("runs_per_second", seconds > 0 ? Math.round(runs / seconds) : 0);
            ObjectNode vs = root.putObject("variants");
            ObjectNode stats = JSON.createObjectNode();
            for (VariantSummary v : variants) {
                String key = v.scenario + "/" + v.variant;
                ObjectNode n = vs.putObject(key);
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
                if (v.violationKinds().isEmpty()) n.put("clean_upper_bound95", VerdictStrength.ruleOfThree(v.runs()));
                n.put("distinct_signatures", v.signatures().size());
                com.fasterxml.jackson.databind.node.ArrayNode sigs = n.putArray("signatures");
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
                List<String> cycles = new ArrayList<>();
                v.cycles().forEach(c -> cycles.add(c.headline()));
                n.putPOJO("lock_order", cycles);
                List<String> cycleIds = new ArrayList<>();
                v.cycles().forEach(c -> cycleIds.add(dev.pagerace.oracle.Violation.signatureId(c.signature())));
                n.putPOJO("lock_order_signatures", cycleIds);
                n.putPOJO("mismatches", mismatches.getOrDefault(key, List.of()));
                ObjectNode ops = stats.putObject(key);
                for (var e : v.opLatency().entrySet()) {
                    long[] x = e.getValue();
                    ObjectNode o = ops.putObject(e.getKey());
                    o.put("finished", x[0]);
                    o.put("p50", x[1]);
                    o.put("p90", x[5]);
                    o.put("p99", x[2]);
                    o.put("p99.9", x[6]);
                    o.put("max", x[3]);
                    o.put("unfinished", x[4]);
                }
            }
            Files.writeString(dir.resolve(SUMMARY), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            Files.writeString(dir.resolve(STATS), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stats));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(SUMMARY), e);
        }
    }

    @Override public void close() throws IOException {
        journal.close();
    }
}
