package dev.pagerace.cli;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagerace.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** --json on run, replay and check, and check --junit, as a CI reads them (docs/results-format.md). */
class MachineOutputTest {
    @TempDir Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two tasks taking two mutexes: in opposite order (deadlocks) or in one order (clean); one expect line fails. */
    private static final String ABBA = """
        config { runs 60  max_steps 1000 }
        lock a mutex
        lock b mutex
        task t1 { op work { lock a ; lock b ; unlock b ; unlock a } }
        variant abba { task t2 { op work { lock b ; lock a ; unlock a ; unlock b } } }
        variant ordered { task t2 { op work { lock a ; lock b ; unlock b ; unlock a } } }
        expect abba deadlock within 60 runs
        expect abba lock_order within 60 runs
        expect ordered clean
        variant wrong { task t2 { op work { lock b ; lock a ; unlock a ; unlock b } } }
        expect wrong clean
        """;

    private Path scenario() throws Exception {
        Path f = dir.resolve("abba.kp");
        Files.writeString(f, ABBA);
        return f;
    }

    @Test void runJsonCarriesTheViolationAsFieldsAndTheReportAsText() throws Exception {
        Result r = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--seed", "2", "--engine", "pure", "--json");
        assertEquals(1, r.code(), r.err());
        JsonNode o = JSON.readTree(r.out()); // stdout is one JSON document and nothing else
        assertEquals(1, o.get("schema_version").asInt());
        assertEquals("run", o.get("command").asText());
        assertEquals("rfc-2026", o.get("variant").asText());
        assertEquals("violated", o.get("outcome").asText());
        assertEquals(1, o.get("exit_code").asInt());
        assertEquals(614, o.get("deliveries").asLong());
        JsonNode v = o.get("violations").get(0);
        assertEquals("deadlock", v.get("kind").asText());
        for (String f : List.of("signature", "signature_id", "headline", "seed", "schedule", "deliveries", "fatal")) assertTrue(v.has(f), f);
        assertTrue(o.get("report").asText().contains("*** DEADLOCK ***"));
        assertEquals(o.get("schedule").asText(), v.get("schedule").asText());
        // the deadlocked fallocate is reported unfinished, not dropped
        assertEquals(1, o.get("ops").get("fallocate").get("unfinished").asLong());
        JsonNode il = o.get("locks").get("invalidate_lock");
        assertTrue(il.get("write").get("acquisitions").asLong() > 0, il.toString());
        assertTrue(il.get("read").get("wait").get("unfinished").asLong() > 0, "the writeout that waits on its own task never got the lock");
        assertFalse(o.has("trace"), "the trace only with --trace");

        Result again = pagerace("replay", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--engine", "pure", "--json",
            "--schedule", o.get("schedule").asText());
        assertEquals(1, again.code(), again.err());
        JsonNode a = JSON.readTree(again.out());
        assertEquals("replay", a.get("command").asText());
        assertEquals(o.get("violations").get(0).get("signature"), a.get("violations").get(0).get("signature"));
        assertEquals(o.get("locks"), a.get("locks"), "the replay is the same run, so the same lock_stat");
    }

    @Test void runLockStatPrintsLockStatColumns() {
        Result r = pagerace("run", "scenarios/shmem-fallocate.kp", "--variant", "rfc-2026", "--seed", "2", "--engine", "pure", "--lock-stat");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("lock_stat: shmem-fallocate/rfc-2026, seed 2, 614 deliveries"), r.out());
        assertTrue(r.out().contains("invalidate_lock-R"), r.out());
        assertTrue(r.out().contains("[contention point] actors/shmem-rfc-2026.kp:54 in writeout()"), r.out());
    }

    @Test void checkJsonAndJunitGiveOneResultPerExpectLine() throws Exception {
        Path f = scenario();
        Path xml = dir.resolve("ci").resolve("junit.xml");
        Result r = pagerace("check", f.toString(), "--engine", "pure", "--json", "--junit", xml.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        JsonNode o = JSON.readTree(r.out());
        assertEquals(1, o.get("schema_version").asInt());
        assertEquals("check", o.get("command").asText());
        assertFalse(o.get("ok").asBoolean());
        JsonNode vs = o.get("variants");
        assertEquals(3, vs.size());
        JsonNode abba = vs.get(0);
        assertEquals("abba", abba.get("variant").asText());
        assertTrue(abba.get("ok").asBoolean(), abba.toString());
        assertEquals(2, abba.get("expects").size());
        assertEquals(7, abba.get("expects").get(0).get("line").asInt());
        JsonNode d = abba.get("rates").get("deadlock");
        assertTrue(d.get("wilson95_low").asDouble() <= d.get("rate").asDouble() && d.get("rate").asDouble() <= d.get("wilson95_high").asDouble());
        JsonNode work = abba.get("ops").get("work");
        for (String k : List.of("finished", "unfinished", "p50", "p90", "p99", "p999", "max", "mean", "hdr", "runs", "runs_unfinished")) assertTrue(work.has(k), k);
        assertEquals(d.get("runs").asLong(), work.get("runs_unfinished").asLong(), "every deadlocked run left its ops unfinished");
        JsonNode ordered = vs.get(1);
        assertTrue(ordered.get("ok").asBoolean());
        assertEquals("rule_of_three", ordered.get("clean_bound_method").asText());
        assertEquals(3.0 / ordered.get("runs").asLong(), ordered.get("clean_upper_bound95").asDouble(), 1e-12);
        assertTrue(ordered.get("locks").get("a").get("write").get("acquisitions").asLong() >= 2 * ordered.get("runs").asLong());
        JsonNode wrong = vs.get(2);
        assertFalse(wrong.get("ok").asBoolean());
        assertTrue(wrong.get("expects").get(0).get("failures").get(0).asText().startsWith("expected clean, found deadlock"), wrong.toString());
        assertTrue(o.get("comparisons").isArray());

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength(), "one test case per expect line");
        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("4", suites.getAttribute("tests"));
        assertEquals("1", suites.getAttribute("failures"));
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            boolean failed = c.getElementsByTagName("failure").getLength() > 0;
            assertEquals(c.getAttribute("name").equals("expect wrong clean"), failed, c.getAttribute("name"));
            assertEquals(abba.get("scenario").asText(), c.getAttribute("classname"));
        }
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").startsWith("expected clean, found deadlock"), failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("verdict "), failure.getTextContent());
        assertEquals("expect abba deadlock within 60 runs", ((Element) cases.item(0)).getAttribute("name"));
        assertEquals("7", ((Element) cases.item(0)).getAttribute("line"));
    }

    @Test void aCampaignsStatsAreTheSameWhateverItsBatches() throws Exception {
        Path f = scenario();
        Path one = dir.resolve("one"), many = dir.resolve("many");
        Result a = pagerace("campaign", f.toString(), "--variant", "abba", "--runs", "40", "--batch-size", "40", "--out", one.toString());
        Result b = pagerace("campaign", f.toString(), "--variant", "abba", "--runs", "40", "--batch-size", "7", "--out", many.toString());
        assertEquals(0, a.code(), a.out() + a.err());
        assertEquals(0, b.code(), b.out() + b.err());
        // one batch of 40 runs, or six batches of 7 and one of 5 finishing in any order: lock_stat and latencies merge exactly
        String stats = Files.readString(one.resolve("stats.json"));
        assertEquals(stats, Files.readString(many.resolve("stats.json")));
        JsonNode s = JSON.readTree(stats);
        assertEquals(1, s.get("schema_version").asInt());
        JsonNode v = s.get("variants").fields().next().getValue();
        assertEquals(40, v.get("runs").asLong());
        JsonNode a1 = v.get("locks").get("a").get("write");
        assertTrue(a1.get("acquisitions").asLong() >= 40, a1.toString());
        assertTrue(a1.get("contentions").asLong() > 0, a1.toString());
        JsonNode summary = JSON.readTree(one.resolve("summary.json").toFile());
        assertEquals(1, summary.get("schema_version").asInt());
        assertTrue(summary.get("comparisons").isArray());
    }

    @Test void aModelErrorIsAJunitErrorNotAFailure() throws Exception {
        Path f = dir.resolve("broken.kp");
        Files.writeString(f, """
            config { runs 5 }
            lock a mutex
            task t { unlock a }
            expect default clean
            """);
        Path xml = dir.resolve("junit.xml");
        Result r = pagerace("check", f.toString(), "--engine", "pure", "--junit", xml.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals(1, doc.getElementsByTagName("testcase").getLength());
        assertEquals(0, doc.getElementsByTagName("failure").getLength());
        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertEquals("model_error", error.getAttribute("type"));
        assertTrue(error.getAttribute("message").startsWith("model_error in 5 runs"), error.getAttribute("message"));
        assertEquals("1", doc.getDocumentElement().getAttribute("errors"));
    }
}
