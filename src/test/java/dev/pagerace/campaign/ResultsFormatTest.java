package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagerace.TestScenarios;
import dev.pagerace.engine.PureRunner;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.program.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json and stats.json as docs/results-format.md specifies them, written atomically; variants compared with their uncertainty. */
class ResultsFormatTest {
    @TempDir Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCENARIO = """
        lock a mutex
        lock b mutex
        task t1 { op work { lock a ; lock b ; unlock b ; unlock a } }
        variant abba { task t2 { op work { lock b ; lock a ; unlock a ; unlock b } } }
        variant ordered { task t2 { op work { lock a ; lock b ; unlock b ; unlock a } } }
        variant ordered-again { task t2 { op work { lock a ; lock b ; unlock b ; unlock a } } }
        variant slow { task t2 { op work { lock a ; unlock a ; lock a ; unlock a ; lock a ; unlock a ; lock a ; lock b ; unlock b ; unlock a } } }
        """;

    private static VariantSummary summary(Program p, String strategy, int runs) {
        StrategySpec spec = StrategySpec.parse(strategy);
        List<RunResult> rs = new ArrayList<>();
        for (long seed = 0; seed < runs; seed++) rs.add(PureRunner.run(p, spec.create(seed), seed, false));
        VariantSummary v = new VariantSummary(p.scenario(), p.variant(), 0);
        v.add(BatchOutcome.of(p.variant() + "@0", spec.text(), 0, rs));
        return v;
    }

    /** Objects whose keys are names from the scenario or the run (variants, kinds, ops, lock classes), not schema fields. */
    private static final Set<String> NAME_MAPS = Set.of("variants", "counts", "rates", "first", "hashes", "ops", "locks");

    private static void snakeCase(JsonNode n, String path, boolean keysAreNames) {
        if (n.isArray()) {
            for (JsonNode x : n) snakeCase(x, path + "[]", false);
            return;
        }
        if (!n.isObject()) return;
        var it = n.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!keysAreNames) assertTrue(e.getKey().matches("[a-z][a-z0-9_]*"), "not snake_case: " + path + "." + e.getKey());
            // a lock class maps modes (read, write), which are fields again
            boolean childNames = NAME_MAPS.contains(e.getKey()) && !keysAreNames;
            snakeCase(e.getValue(), path + "." + e.getKey(), childNames);
        }
    }

    @Test void summaryAndStatsHaveASchemaVersionSnakeCaseAndNamedPercentiles() throws Exception {
        Map<String, Program> ps = TestScenarios.compile(SCENARIO);
        VariantSummary abba = summary(ps.get("abba"), "random", 40), ordered = summary(ps.get("ordered"), "random", 40);
        CampaignSpec spec = new CampaignSpec(List.of("t.kp"), Map.of("t.kp", "0"), "all", 40, 0, "random", 40);
        try (ResultsDir results = ResultsDir.create(dir.resolve("r"), spec)) {
            results.writeSummary(List.of(abba, ordered), Map.of(), 80, 1.0);
        }
        JsonNode summary = JSON.readTree(dir.resolve("r").resolve(ResultsDir.SUMMARY).toFile());
        JsonNode stats = JSON.readTree(dir.resolve("r").resolve(ResultsDir.STATS).toFile());
        assertEquals(1, summary.get("schema_version").asInt());
        assertEquals(1, stats.get("schema_version").asInt());
        assertEquals("deliveries", stats.get("time_unit").asText());
        snakeCase(summary, "summary", false);
        snakeCase(stats, "stats", false);
        assertEquals(40, summary.get("spec").get("batch_size").asInt());
        assertTrue(summary.get("spec").has("seed_start"));

        String key = abba.scenario + "/abba";
        JsonNode v = summary.get("variants").get(key);
        assertFalse(v.get("counts").has("lock_order"), "counts are runs only; cycles stand apart");
        assertEquals(1, v.get("lock_order_cycles").asInt());
        JsonNode work = stats.get("variants").get(key).get("ops").get("work");
        long deadlocks = v.get("counts").get("deadlock").asLong();
        assertTrue(deadlocks > 0);
        // each deadlocked run leaves both tasks' ops unfinished; they are counted beside the percentiles, not in them
        assertEquals(2 * deadlocks, work.get("unfinished").asLong());
        assertEquals(deadlocks, work.get("runs_unfinished").asLong());
        assertEquals(40 - deadlocks, work.get("runs").asLong());
        assertEquals(2 * (40 - deadlocks), work.get("finished").asLong());
        for (String p : List.of("p50", "p90", "p99", "p999", "max")) assertTrue(work.get(p).isIntegralNumber(), p);
        assertTrue(work.get("p50").asLong() <= work.get("p99").asLong() && work.get("p99").asLong() <= work.get("max").asLong());
        JsonNode a = stats.get("variants").get(key).get("locks").get("a").get("write");
        // an ABBA deadlock: one task holds a, the other waits for it, forever
        assertEquals(deadlocks, a.get("wait").get("unfinished").asLong());
        assertEquals(deadlocks, a.get("hold").get("unfinished").asLong());
        assertEquals(a.get("contentions").asLong(), a.get("wait").get("finished").asLong() + a.get("wait").get("unfinished").asLong());
        assertTrue(a.get("contention_sites").size() <= 4);
        try (var files = Files.list(dir.resolve("r"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left behind");
        }
    }

    @Test void variantsDifferSignificantlyOnlyWhenTheyDoAndOnlyUnderOneStrategy() {
        Map<String, Program> ps = TestScenarios.compile(SCENARIO);
        VariantSummary ordered = summary(ps.get("ordered"), "random", 60), again = summary(ps.get("ordered-again"), "random", 60),
            slow = summary(ps.get("slow"), "random", 60), fair = summary(ps.get("abba"), "fair", 60);
        List<Comparisons.Comparison> cs = Comparisons.of(List.of(ordered, again, slow, fair));
        Comparisons.Comparison same = find(cs, "ordered", "ordered-again");
        assertTrue(same.tested());
        assertFalse(same.significant(), same.text());
        assertEquals(1.0, same.pValue(), 1e-9, "the same runs give the same distribution");
        Comparisons.Comparison slower = find(cs, "ordered", "slow");
        assertTrue(slower.significant(), slower.text());
        assertEquals("b_slower", slower.shift());
        assertTrue(slower.pAdjusted() < Comparisons.ALPHA && slower.pAdjusted() >= slower.pValue());
        assertTrue(slower.text().contains("slow is slower (Mann-Whitney U, two-sided, p = "), slower.text());
        Comparisons.Comparison mixed = find(cs, "ordered", "abba");
        assertFalse(mixed.tested());
        assertEquals("different strategies: random vs fair", mixed.untested());
    }

    private static Comparisons.Comparison find(List<Comparisons.Comparison> cs, String a, String b) {
        return cs.stream().filter(c -> c.a().equals(a) && c.b().equals(b) && c.op().equals("work")).findFirst().orElseThrow();
    }

    @Test void aReaderNeverSeesAPartlyWrittenFile() throws Exception {
        Path f = dir.resolve("summary.json");
        // large enough that a write in place would be seen half done
        String big = "{\"schema_version\":1,\"pad\":\"" + "x".repeat(1 << 20) + "\"}";
        String small = "{\"schema_version\":1}";
        ResultsJson.writeAtomically(f, small);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> bad = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get() && bad.get() == null) {
                try {
                    String s = Files.readString(f);
                    if (!s.equals(big) && !s.equals(small)) bad.set("read " + s.length() + " chars");
                } catch (java.io.IOException e) {
                    bad.set("file missing: " + e);
                }
            }
        });
        reader.start();
        for (int i = 0; i < 40; i++) ResultsJson.writeAtomically(f, i % 2 == 0 ? big : small);
        done.set(true);
        reader.join();
        assertEquals(null, bad.get());
        assertEquals(small, Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the file itself remains");
        }
    }
}
