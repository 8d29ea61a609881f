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
        ResultsJson.writeAtomically(dir.resolve(SPEC), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
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
        // parallel to kinds; absent in journals written before signatures existed
        if (f.signatures() != null) n.putPOJO("signatures", f.signatures());
        n.put("deliveries", f.steps());
        n.put("headline", f.headline());
        n.put("schedule", f.schedule());
        n.put("report", f.report());
        n.put("batch", b.batchId());
        return JSON.writeValueAsString(n);
    }

    /**
     * Writes summary.json and stats.json from the merged summaries, in the
     * schema of docs/results-format.md, each atomically (temporary file and
     * rename), so a reader never sees a partial file.
     */
    public void writeSummary(Collection<VariantSummary> variants, Map<String, List<String>> mismatches, long runs, double seconds) {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("schema_version", dev.pagerace.stats.StatsJson.SCHEMA_VERSION);
            ResultsJson.spec(root.putObject("spec"), spec);
            root.put("runs", runs);
            root.put("seconds", Math.round(seconds * 10) / 10.0);
            root.put("runs_per_second", seconds > 0 ? Math.round(runs / seconds) : 0);
            ObjectNode vs = root.putObject("variants");
            ObjectNode stats = JSON.createObjectNode();
            stats.put("schema_version", dev.pagerace.stats.StatsJson.SCHEMA_VERSION);
            stats.put("time_unit", "deliveries");
            ObjectNode statsVariants = stats.putObject("variants");
            for (VariantSummary v : variants) {
                String key = v.scenario + "/" + v.variant;
                ResultsJson.variant(vs.putObject(key), v, mismatches.getOrDefault(key, List.of()));
                ResultsJson.stats(statsVariants.putObject(key), v);
            }
            ResultsJson.comparisons(root.putArray("comparisons"), Comparisons.of(new ArrayList<>(variants)));
            ResultsJson.writeAtomically(dir.resolve(SUMMARY), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            ResultsJson.writeAtomically(dir.resolve(STATS), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stats));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(SUMMARY), e);
        }
    }

    @Override public void close() throws IOException {
        journal.close();
    }
}
