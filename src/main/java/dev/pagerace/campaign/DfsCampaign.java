package dev.pagerace.campaign;

import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.ReplayStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Schedule;
import dev.pagerace.engine.dfs.DfsOptions;
import dev.pagerace.engine.dfs.DfsResult;
import dev.pagerace.engine.dfs.Explorer;
import dev.pagerace.engine.dfs.Prefix;
import dev.pagerace.oracle.LockEdge;
import dev.pagerace.oracle.LockOrderGraph;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.Program;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code campaign --strategy dfs}: an exhaustive search spread over the
 * cluster. For each variant the driver searches the top of the tree breadth
 * first ({@link Explorer#split}) until a level holds at least
 * {@code subtrees} states, then ships each of them, as the path that reaches
 * it, to a sharded entity that searches the subtree below it
 * ({@link ShardWorker}). SPIN's swarm verification splits a search by
 * randomizing the order of many incomplete searches; this split is a
 * partition of the tree's top, so when every subtree is exhausted the whole
 * search is, and the verdict is a proof within the scenario's bounds.
 * <p>
 * Subtrees keep their own visited sets, so a state reachable from two of
 * them is stored twice: the state count is the sum over subtrees. Lock-order
 * cycles are looked for over the union of every subtree's edges. A variant
 * whose search found a violation sends no more of its subtrees; the one
 * reported is the violation of the lowest-numbered subtree among those that
 * finished, and its schedule replays on its own with {@code pagerace replay}.
 * <p>
 * The directory holds {@code dfs-campaign.json} (what was asked),
 * {@code subtrees.jsonl} (the journal: one finished subtree per line, forced
 * to disk before it counts, so {@code --resume} searches only the rest) and
 * {@code dfs-summary.json} (the merged verdicts).
 */
public final class DfsCampaign implements AutoCloseable {
    public static final String SPEC = "dfs-campaign.json", JOURNAL = "subtrees.jsonl", SUMMARY = "dfs-summary.json";

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What a dfs campaign was asked: the scenarios with their hashes, the variant, the search options, the split. */
    public record Spec(String id, List<String> scenarios, Map<String, String> hashes, String variant, DfsOptions options, int subtrees) {}

    /** One variant's search: its split and what its subtrees found so far. */
    public static final class Search {
        public final Campaign.Loaded loaded;
        public final Program program;
        final Explorer.Split split;
        final Map<Integer, ShardResult> done = new TreeMap<>();

        Search(Campaign.Loaded loaded, Program program, Explorer.Split split) {
            this.loaded = loaded;
            this.program = program;
            this.split = split;
        }

        String key() { return loaded.file() + "#" + program.variant(); }

        public int subtrees() { return split.prefixes().size(); }

        boolean decided() {
            if (split.top().verdict() == DfsResult.Verdict.VIOLATION || split.top().verdict() == DfsResult.Verdict.MODEL_ERROR) return true;
            for (ShardResult r : done.values()) if (r.verdictValue() == DfsResult.Verdict.VIOLATION && r.schedule() != null
                || r.verdictValue() == DfsResult.Verdict.MODEL_ERROR) return true;
            return false;
        }

        /**
         * The whole search's result: the top's and the subtrees' counts summed,
         * the first violation by subtree number, lock-order cycles over the
         * union of all edges; exhausted only when the top and every subtree are.
         */
        public DfsResult merged(double seconds) {
            DfsResult top = split.top();
            long states = top.states(), transitions = top.transitions(), executions = top.executions(), deepest = top.maxDepth();
            Set<String> bounds = new java.util.TreeSet<>(top.bounds());
            List<LockEdge> edges = new ArrayList<>(top.edges());
            ShardResult bad = null;
            for (ShardResult r : done.values()) {
                states += r.states();
                transitions += r.transitions();
                executions += r.executions();
                deepest = Math.max(deepest, r.deepest());
                bounds.addAll(r.bounds());
                edges.addAll(r.edges());
                DfsResult.Verdict v = r.verdictValue();
                if (bad == null && r.schedule() != null && (v == DfsResult.Verdict.VIOLATION || v == DfsResult.Verdict.MODEL_ERROR)) bad = r;
            }
            LockOrderGraph g = new LockOrderGraph();
            g.add(edges, -1);
            List<Violation.LockOrder> cycles = g.cycles();
            List<String> b = List.copyOf(bounds);
            String flags = top.options();
            if (top.verdict() == DfsResult.Verdict.VIOLATION && top.counterexample() != null || top.verdict() == DfsResult.Verdict.MODEL_ERROR) {
                return new DfsResult(top.verdict(), top.kind(), states, transitions, executions, deepest, seconds, b, top.counterexample(),
                    cycles, flags, 0, edges);
            }
            if (bad != null) {
                RunResult cex = PureRunner.run(program, new ReplayStrategy(Schedule.decode(bad.schedule()), null, false), 0, true);
                return new DfsResult(bad.verdictValue(), bad.kind(), states, transitions, executions, deepest, seconds, b, cex, cycles, flags, 0, edges);
            }
            if (!cycles.isEmpty()) {
                return new DfsResult(DfsResult.Verdict.VIOLATION, "lock_order", states, transitions, executions, deepest, seconds, b, null,
                    cycles, flags, 0, edges);
            }
            boolean complete = done.size() == subtrees();
            if (!complete) b = concat(b, "subtrees not searched: " + (subtrees() - done.size()));
            return new DfsResult(b.isEmpty() ? DfsResult.Verdict.EXHAUSTED : DfsResult.Verdict.BOUND_REACHED, "clean", states, transitions,
                executions, deepest, seconds, b, null, cycles, flags, 0, edges);
        }
    }

    private static List<String> concat(List<String> a, String s) {
        List<String> out = new ArrayList<>(a);
        out.add(s);
        return out;
    }

    /** One subtree of one search, as handed out. */
    record Unit(Search search, int index) {
        String id() { return search.key() + "/" + index; }
    }

    private final Path dir;
    private final Spec spec;
    private final List<Search> searches;
    private final FileChannel journal;
    private int dropped;

    private final DirLock lock;

    private DfsCampaign(Path dir, Spec spec, List<Search> searches, DirLock lock) throws IOException {
        this.dir = dir;
        this.spec = spec;
        this.searches = searches;
        this.lock = lock;
        this.journal = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * A new dfs campaign in {@code dir}, or the one it holds when
     * {@code resume}: its searches split (deterministically, so a resumed
     * campaign numbers its subtrees as the first run did) and the journaled
     * subtrees taken as done.
     */
    public static DfsCampaign open(Path dir, Spec spec, List<Campaign.Loaded> loaded, boolean resume) throws IOException {
        List<Search> searches = new ArrayList<>();
        for (Campaign.Loaded l : loaded) {
            for (Program p : Campaign.variants(spec.variant(), l)) searches.add(new Search(l, p, new Explorer(p, spec.options()).split(spec.subtrees())));
        }
        if (!resume) Files.createDirectories(dir);
        // the lock comes before the check, as for a seed campaign: two started at once on one --out cannot both pass it
        DirLock lock = DirLock.take(dir);
        try {
            if (!resume) {
                if (Files.exists(dir.resolve(SPEC)) || Files.exists(dir.resolve(JOURNAL))) {
                    throw new IllegalArgumentException(dir + " already holds a campaign: resume it with --resume " + dir);
                }
                Files.writeString(dir.resolve(SPEC), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
            }
            DfsCampaign c = new DfsCampaign(dir, spec, searches, lock);
            if (resume) c.readJournal();
            return c;
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /** The spec of the dfs campaign in {@code dir}, or null when the directory holds none. */
    public static Spec readSpec(Path dir) throws IOException {
        Path f = dir.resolve(SPEC);
        if (!Files.isRegularFile(f)) return null;
        return JSON.readValue(f.toFile(), Spec.class);
    }

    private void readJournal() throws IOException {
        Map<String, Search> byKey = new LinkedHashMap<>();
        for (Search s : searches) byKey.put(s.key(), s);
        Path f = dir.resolve(JOURNAL);
        if (!Files.exists(f)) return;
        for (String line : new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.isBlank()) continue;
            try {
                ObjectNode o = (ObjectNode) JSON.readTree(line);
                Search s = byKey.get(o.get("search").asText());
                int index = o.get("subtree").asInt(-1);
                if (s == null || index < 0 || index >= s.subtrees()) {
                    dropped++;
                    continue;
                }
                s.done.put(index, JSON.treeToValue(o.get("result"), ShardResult.class));
            } catch (IOException | RuntimeException e) {
                dropped++; // a torn or foreign line: that subtree is searched again
            }
        }
    }

    /** Journal lines that could not be used (their subtrees are searched again). */
    public int dropped() { return dropped; }

    public Path dir() { return dir; }

    public List<Search> searches() { return searches; }

    public long subtreesDone() { return searches.stream().mapToLong(s -> s.done.size()).sum(); }

    public long subtreesTotal() { return searches.stream().mapToLong(Search::subtrees).sum(); }

    /** Searches every subtree not yet done on the cluster's workers, journaling each as it comes back. */
    public void run(ClusterNode node, CampaignSettings settings, Runnable progress) throws CampaignDriver.Failed, InterruptedException {
        List<Unit> units = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Search s : searches) {
            for (int i = 0; i < s.subtrees(); i++) {
                Unit u = new Unit(s, i);
                units.add(u);
                if (s.done.containsKey(i)) done.add(u.id());
            }
        }
        Map<String, Unit> byId = new LinkedHashMap<>();
        for (Unit u : units) byId.put(u.id(), u);
        ClusterSharding sharding = ClusterSharding.get(node.system());
        java.time.Duration timeout = settings.batchTimeout().multipliedBy(30); // a subtree is a long search, not a batch of runs
        Dispatch<Unit, ShardDone> dispatch = new Dispatch<>(node, settings, timeout, "subtree", ShardWorker.KEY.name(), Unit::id,
            (u, attempt, askTimeout) -> sharding.entityRefFor(ShardWorker.KEY, entityId(u)).<ShardDone>ask(replyTo -> new ExploreShard(u.id(),
                u.search().loaded.bundle(), u.search().program.variant(), spec.options(), Prefix.encode(u.search().split.prefixes().get(u.index())),
                replyTo), askTimeout),
            ShardDone::error);
        dispatch.run(units, done, d -> {
            Unit u = byId.get(d.shardId());
            if (u == null) return;
            record(u, d.result());
            progress.run();
        }, progress, u -> u.search().decided());
    }

    /**
     * The subtree's sharded entity: everything that decides its result (the
     * scenario bundle's hash, variant, search options and path), scoped by
     * the campaign, as batch entities are.
     */
    private String entityId(Unit u) {
        return spec.id() + "/dfs/" + CampaignDriver.digest(u.search().loaded.bundle().hash() + "\n" + u.search().program.variant() + "\n"
            + spec.options().flags() + "\n" + Prefix.encode(u.search().split.prefixes().get(u.index())));
    }

    private void record(Unit u, ShardResult r) {
        if (u.search().done.containsKey(u.index())) return;
        try {
            ObjectNode o = JSON.createObjectNode();
            o.put("search", u.search().key());
            o.put("subtree", u.index());
            o.set("result", JSON.valueToTree(r));
            byte[] line = (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(line);
            while (buf.hasRemaining()) journal.write(buf);
            journal.force(false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not journal a subtree in " + dir, e);
        }
        u.search().done.put(u.index(), r);
    }

    /** Writes {@code dfs-summary.json}: each search's merged verdict, counts and bounds (to a temporary file, then renamed). */
    public void writeSummary(List<DfsResult> merged, List<Boolean> ok, double seconds) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", 1);
        root.put("seconds", seconds);
        var arr = root.putArray("searches");
        for (int i = 0; i < searches.size(); i++) {
            Search s = searches.get(i);
            DfsResult d = merged.get(i);
            ObjectNode o = arr.addObject();
            o.put("scenario", s.program.scenario());
            o.put("variant", s.program.variant());
            o.put("verdict", d.verdict().name().toLowerCase(java.util.Locale.ROOT));
            o.put("kind", d.kind());
            o.put("line", d.line());
            o.put("states", d.states());
            o.put("transitions", d.transitions());
            o.put("executions", d.executions());
            o.put("subtrees", s.subtrees());
            o.put("subtrees_done", s.done.size());
            var b = o.putArray("bounds");
            d.bounds().forEach(b::add);
            if (d.counterexample() != null) o.put("schedule", d.counterexample().schedule().encode());
            o.put("expectations_hold", ok.get(i));
        }
        ResultsJson.writeAtomically(dir.resolve(SUMMARY), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** Closes the journal and releases the directory's lock. */
    @Override public void close() throws IOException {
        try {
            journal.close();
        } finally {
            lock.release();
        }
    }
}
