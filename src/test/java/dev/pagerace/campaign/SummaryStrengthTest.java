package dev.pagerace.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A variant's summary says which strategy made its runs and how strong its verdict is, on the console and in summary.json. */
class SummaryStrengthTest {
    @TempDir Path dir;

    private static BatchOutcome batch(Program p, StrategySpec spec, long first, int count) {
        List<RunResult> runs = new ArrayList<>();
        for (long seed = first; seed < first + count; seed++) runs.add(PureRunner.run(p, spec.create(seed), seed, false));
        return BatchOutcome.of(p.variant() + "@" + first, spec.text(), first, runs);
    }

    @Test void summaryJsonKeepsItsFieldsAndAddsStrategyVerdictAndRates() throws Exception {
        Map<String, Program> programs = TestScenarios.compile("""
            lock a mutex
            lock b mutex
            task t1 { lock a ; lock b ; unlock b ; unlock a }
            variant abba { task t2 { lock b ; lock a ; unlock a ; unlock b } }
            variant ordered { task t2 { lock a ; lock b ; unlock b ; unlock a } }
            """);
        Program abba = programs.get("abba"), ordered = programs.get("ordered");
        StrategySpec pct = StrategySpec.parse("pct(d=2)").resolve(abba);
        VariantSummary bad = new VariantSummary(abba.scenario(), "abba", 0);
        bad.add(batch(abba, pct, 0, 40));
        bad.add(batch(abba, pct, 40, 40));
        VariantSummary good = new VariantSummary(ordered.scenario(), "ordered", 0);
        good.add(batch(ordered, StrategySpec.parse("fair"), 0, 60));
        assertEquals(pct.text(), bad.strategy());
        long deadlocks = bad.counts().get("deadlock");
        assertTrue(bad.strength().startsWith("80 runs of " + pct.text() + ": deadlock " + deadlocks + "/80 = "), bad.strength());
        assertTrue(bad.strength().endsWith("; lock_order 1 cycle across runs"), bad.strength());
        assertEquals("60 runs of fair: per-run probability of any violation < 3/60 = 5 % at 95 % (rule of three)", good.strength());

        CampaignSpec spec = new CampaignSpec(List.of("t.kp"), Map.of("t.kp", "0"), "all", 80, 0, "pct(d=2)", 40);
        try (ResultsDir results = ResultsDir.create(dir.resolve("r"), spec)) {
            results.writeSummary(List.of(bad, good), Map.of(), 140, 1.0);
        }
        JsonNode root = new ObjectMapper().readTree(Files.readString(dir.resolve("r").resolve(ResultsDir.SUMMARY)));
        JsonNode b = root.get("variants").get(abba.scenario() + "/abba");
        for (String old : List.of("runs", "deliveries", "counts", "first", "lock_order", "mismatches")) assertTrue(b.has(old), "kept: " + old);
        assertEquals(pct.text(), b.get("strategy").asText());
        assertEquals(bad.strength(), b.get("verdict").asText());
        JsonNode d = b.get("rates").get("deadlock");
        assertEquals(deadlocks, d.get("runs").asLong());
        assertEquals(deadlocks / 80.0, d.get("rate").asDouble(), 1e-12);
        double[] ci = VerdictStrength.wilson(deadlocks, 80);
        assertEquals(ci[0], d.get("wilson95_low").asDouble(), 1e-12);
        assertEquals(ci[1], d.get("wilson95_high").asDouble(), 1e-12);
        assertTrue(!b.has("clean_upper_bound95"));
        JsonNode g = root.get("variants").get(ordered.scenario() + "/ordered");
        assertEquals(0.05, g.get("clean_upper_bound95").asDouble(), 1e-12);
        assertEquals(0, g.get("rates").size());
    }
}
