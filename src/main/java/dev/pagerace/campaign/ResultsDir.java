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
    private CampaignSpec spec;
    private final Map<String, BatchOutcome> done;
    private final FileChannel journal;
    private int dropped;

    private ResultsDir(Path dir, CampaignSpec spec, Map<String, BatchOutcome> done, DirLock lock) throws IOException {
        this.dir = dir;
        this.spec = spec;
        this.done = done;
        this.lock = lock;
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

    /** The lock file ({@link DirLock}): held for as long as a campaign has the directory open, and never deleted. */
    public static final String LOCK = DirLock.FILE;

    private final DirLock lock;

    /** A new results directory; refuses one that already holds a campaign, or that another campaign is creating. */
    public static ResultsDir create(Path dir, CampaignSpec spec) throws IOException {
        Files.createDirectories(dir);
        // the lock comes before the check: two campaigns started at once on one --out cannot both pass it
        DirLock lock = DirLock.take(dir);
        try {
            if (Files.exists(dir.resolve(JOURNAL)) || Files.exists(dir.resolve(SPEC))) {
                throw new IllegalArgumentException(dir + " already holds a campaign: resume it with --resume " + dir);
            }
            ResultsJson.writeAtomically(dir.resolve(SPEC), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
            return new ResultsDir(dir, spec, new LinkedHashMap<>(), lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /**
     * Undoes {@link #create} when nothing was recorded (the cluster could not
     * be joined): the same command can then simply be run again. A directory
     * that holds any journaled batch is kept for --resume.
     */
    public void discardIfEmpty() throws IOException {
        if (!done.isEmpty() || Files.size(dir.resolve(JOURNAL)) > 0) return;
        journal.close();
        for (String f : List.of(JOURNAL, SPEC, ID, VIOLATIONS)) Files.deleteIfExists(dir.resolve(f));
        discarded = true;
    }

    private boolean discarded;

    /** Reopens a campaign's directory: its spec and the batches already done. */
    public static ResultsDir resume(Path dir) throws IOException {
        Path specFile = dir.resolve(SPEC);
        if (!Files.isRegularFile(specFile)) throw new IllegalArgumentException(dir + " holds no campaign (no " + SPEC + ")");
        // two --resumes at once would both rewrite violations.jsonl and append the same batches
        DirLock lock = DirLock.take(dir);
        try {
            CampaignSpec spec;
            try {
                spec = JSON.readValue(Files.readString(specFile), CampaignSpec.class);
            } catch (JsonProcessingException | java.nio.charset.MalformedInputException e) {
                throw new IllegalArgumentException(specFile + " is not a campaign spec: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : "not UTF-8"));
            }
            Journal read = readJournal(dir.resolve(JOURNAL));
            Map<String, BatchOutcome> done = new LinkedHashMap<>();
            for (BatchOutcome b : read.records()) done.putIfAbsent(b.batchId(), b);
            ResultsDir r = new ResultsDir(dir, spec, done, lock);
            r.records = read.records();
            r.dropped = read.dropped();
            r.warnings.addAll(read.warnings());
            r.rewriteViolations();
            return r;
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /** Every valid record of a journal in order, the lines skipped, and why. */
    record Journal(List<BatchOutcome> records, int dropped, List<String> warnings) {}

    /**
     * Reads a journal as bytes split on '\n', so an invalid UTF-8 sequence
     * cannot shift a later line's offset: each line is decoded strictly and
     * parsed on its own, and one that is not a batch record is skipped and
     * reported without dropping the lines after it. A torn last line (no
     * '\n': the campaign was killed mid-write) is cut off at its byte offset,
     * so the next record starts on a line of its own.
     */
    static Journal readJournal(Path j) throws IOException {
        List<BatchOutcome> records = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int dropped = 0;
        if (!Files.exists(j)) return new Journal(records, 0, warnings);
        byte[] bytes = Files.readAllBytes(j);
        int start = 0, line = 0;
        while (start < bytes.length) {
            line++;
            int nl = start;
            while (nl < bytes.length && bytes[nl] != '\n') nl++;
            if (nl == bytes.length) {
                dropped++; // torn last line: its batch runs again
                try (FileChannel ch = FileChannel.open(j, StandardOpenOption.WRITE)) {
                    ch.truncate(start);
                }
                break;
            }
            String why = null;
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes, start, nl - start)).toString();
                BatchOutcome b = JSON.readValue(text, BatchOutcome.class);
                if (b.batchId() == null || b.count() < 1 || b.labels() == null || b.labelCounts() == null || b.found() == null
                    || b.edges() == null || b.ops() == null || b.labels().size() != b.labelCounts().size()) {
                    why = "an incomplete batch record";
                } else {
                    records.add(b);
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                why = "not UTF-8";
            } catch (JsonProcessingException e) {
                why = "not a batch record";
            }
            if (why != null) {
                dropped++;
                warnings.add(j.getFileName() + " line " + line + " (byte " + start + ") is " + why + ": skipped, its batch runs again");
            }
            start = nl + 1;
        }
        return new Journal(records, dropped, warnings);
    }

    /** Every valid journal record read on resume, in journal order: {@link #retainPlanned} chooses among them. */
    private List<BatchOutcome> records = List.of();

    private final List<String> warnings = new ArrayList<>();

    /** What was wrong with the journal on resume (lines skipped, records rejected), one line each. */
    public List<String> warnings() { return List.copyOf(warnings); }

    /**
     * Keeps only the journaled batches this campaign's plan has, with the
     * same variant, first seed and count: a foreign batch id or a changed
     * count would add runs the plan never made (1,300 runs for a 1,000-run
     * campaign). A rejected record is reported, and its batch runs again.
     */
    public void retainPlanned(List<CampaignDriver.Planned> plan) throws IOException {
        Map<String, CampaignDriver.Planned> byId = new java.util.HashMap<>();
        for (CampaignDriver.Planned p : plan) byId.put(p.id(), p);
        done.clear();
        for (BatchOutcome b : records) {
            CampaignDriver.Planned p = byId.get(b.batchId());
            if (p != null && p.count() == b.count() && p.firstSeed() == b.firstSeed() && p.variant().equals(b.variant())) {
                done.putIfAbsent(b.batchId(), b);
            } else if (!done.containsKey(b.batchId())) {
                warnings.add("journal record " + b.batchId() + " (" + b.count() + " runs from seed " + b.firstSeed()
                    + ") is not a batch of this campaign's plan: ignored");
            }
        }
        rewriteViolations();
    }

    public Path dir() { return dir; }

    public CampaignSpec spec() { return spec; }

    /** Replaces campaign.json by a wider plan (--resume --runs N); the journal's batches stay valid where the plans agree. */
    public void extend(CampaignSpec wider) throws IOException {
        Path tmp = dir.resolve(SPEC + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(wider));
        Files.move(tmp, dir.resolve(SPEC), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        spec = wider;
    }

    /** Batches already done, by id. */
    public Map<String, BatchOutcome> done() { return done; }

    /** Journal lines dropped on resume: a torn last line, and any line that is not a valid record. */
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
        // a sweep point's batch id carries its task counts (file#variant[faulter=4]@...): rerun needs them as --set
        int open = b.batchId().indexOf('['), close = b.batchId().indexOf("]@");
        if (open >= 0 && close > open) n.put("set", b.batchId().substring(open + 1, close));
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

    private boolean closed;

    /** Closes the journal and releases the directory's lock; a second close does nothing. */
    @Override public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (!discarded) journal.close();
        } finally {
            lock.release();
        }
    }
}
