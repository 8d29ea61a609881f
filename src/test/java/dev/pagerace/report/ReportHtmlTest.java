package dev.pagerace.report;

import static dev.pagerace.CliRun.pagerace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagerace.CliRun;
import dev.pagerace.campaign.BatchOutcome;
import dev.pagerace.campaign.Campaign;
import dev.pagerace.campaign.CampaignDriver;
import dev.pagerace.campaign.CampaignSpec;
import dev.pagerace.campaign.Catalog;
import dev.pagerace.campaign.ResultsDir;
import dev.pagerace.campaign.ScenarioBundle;
import dev.pagerace.campaign.Sweep;
import dev.pagerace.engine.PureEngine;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Compiler;
import dev.pagerace.program.Program;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * report.html of a small sweep campaign of gfs2-glock-mmap (deadlocks with
 * a three-task cycle, a self-deadlock, clean fixes) and shmem-fallocate
 * (Usama Arif's self-deadlock through reclaim): every plot must be a
 * well-formed SVG that draws the series the report says it has, every
 * deadlock's swimlane must draw its cycle, and the page must need nothing
 * from the network.
 */
class ReportHtmlTest {
    static final String FILE = "scenarios/gfs2-glock-mmap.kp", SHMEM = "scenarios/shmem-fallocate.kp";
    static final List<String> VARIANTS = List.of("glock-mmap", "glock-mmap-same-file", "fault-in-retry", "fault-in-retry-same-file",
        "no-pagefault-disable", "no-pagefault-disable-same-file");

    @TempDir static Path tmp;
    static Path results;
    static String html;
    static List<CampaignDriver.Planned> plan;
    /** Distinct signatures over every row of the campaign. */
    static int signatures;

    /** A campaign as CampaignCommand runs it, with the batches run by the pure engine instead of the cluster's workers. */
    @BeforeAll static void campaign() throws Exception {
        results = tmp.resolve("results");
        List<Campaign.Loaded> loaded = new ArrayList<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String f : List.of(FILE, SHMEM)) {
            ScenarioBundle bundle = ScenarioBundle.read(Path.of(f));
            var scenario = bundle.load();
            loaded.add(new Campaign.Loaded(f, bundle, scenario, Compiler.compileAll(scenario)));
            hashes.put(f, bundle.hash());
        }
        CampaignSpec spec = new CampaignSpec(List.of(FILE, SHMEM), hashes, "all", 16, 0, "random", 8, "faulter=1,2");
        plan = Campaign.plan(spec, loaded);
        try (ResultsDir dir = ResultsDir.create(results, spec); PureEngine engine = new PureEngine(2)) {
            for (CampaignDriver.Planned p : plan) {
                var scenario = loaded.stream().filter(l -> l.bundle() == p.bundle()).findFirst().orElseThrow().scenario();
                Program program = Compiler.compileAll(scenario, Sweep.counts(p.set())).get(p.variant());
                StrategySpec strat = StrategySpec.parse(p.strategy());
                List<RunResult> runs = engine.runMany(program, strat::create, p.firstSeed(), p.count(), false, r -> {});
                dir.record(BatchOutcome.of(p.id(), p.strategy(), p.firstSeed(), runs));
            }
            List<Catalog.Row> rows = Campaign.judge(spec, loaded, dir.done());
            for (Catalog.Row r : rows) r.summary().shrinkEach(r.program(), 60);
            Map<String, List<String>> mismatches = new LinkedHashMap<>();
            dir.writeSummary(rows.stream().map(Catalog.Row::summary).toList(), mismatches, 16L * rows.size(), 1.0);
            for (Catalog.Row r : rows) signatures += r.summary().signatures().size();
        }
        CliRun.Result r = pagerace("report", results.toString());
        assertEquals(0, r.code(), r.err());
        html = Files.readString(results.resolve("report.html"));
    }

    @Test void aSweepPointIsPartOfEveryBatchIdentity() {
        assertEquals((VARIANTS.size() + 9) * 2 * 2, plan.size(), "gfs2's 6 and shmem-fallocate's 9 variants x 2 sweep points x 2 batches of 8 seeds");
        CampaignDriver.Planned one = plan.stream().filter(p -> p.set().equals("faulter=1")).findFirst().orElseThrow();
        CampaignDriver.Planned two = plan.stream().filter(p -> p.set().equals("faulter=2") && p.variant().equals(one.variant())
            && p.firstSeed() == one.firstSeed()).findFirst().orElseThrow();
        assertTrue(two.id().contains("[faulter=2]@"), two.id());
        assertNotEquals(one.id(), two.id());
        assertNotEquals(one.entityId("c"), two.entityId("c"), "the same seeds at another count are another entity");
        CampaignDriver.Planned plain = new CampaignDriver.Planned(one.id(), one.bundle(), one.variant(), one.strategy(), one.firstSeed(), one.count());
        assertNotEquals(one.entityId("c"), plain.entityId("c"));
    }

    @Test void everyPlotIsAWellFormedSvgWithItsSeries() throws Exception {
        Matcher m = Pattern.compile("<figure class=\"plot\" data-kind=\"(\\w+)\" data-series=\"([^\"]*)\" data-colors=\"([^\"]*)\">(<svg.*?</svg>)",
            Pattern.DOTALL).matcher(html);
        Map<String, Integer> kinds = new LinkedHashMap<>();
        List<String> latencySeries = new ArrayList<>();
        while (m.find()) {
            String kind = m.group(1);
            List<String> series = List.of(m.group(2).split("\\|"));
            List<String> colors = List.of(m.group(3).split("\\|"));
            kinds.merge(kind, 1, Integer::sum);
            Document svg = parse(m.group(4));
            Element root = svg.getDocumentElement();
            assertEquals("svg", root.getLocalName());
            assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
            assertTrue(root.getAttribute("viewBox").matches("0 0 \\d+ \\d+"), root.getAttribute("viewBox"));
            assertEquals(series.size(), colors.size());
            // the chart library drew each series: its colour is on the page's strokes or fills
            for (int i = 0; i < series.size(); i++) {
                assertTrue(m.group(4).contains("stroke:" + colors.get(i)) || m.group(4).contains("fill:" + colors.get(i)),
                    kind + " series " + series.get(i) + " (" + colors.get(i) + ") is not drawn");
            }
            switch (kind) {
                case "violations" -> {
                    assertEquals(2, series.size());
                    assertEquals("95 % interval", series.get(0));
                }
                case "latency" -> {
                    latencySeries = series;
                    assertTrue(VARIANTS.containsAll(series) || series.stream().allMatch(x -> x.startsWith("mainline") || x.startsWith("rfc-2026")),
                        "latency series are one scenario's variants: " + series);
                }
                case "sweep" -> {
                    for (String v : VARIANTS) {
                        if (series.contains(v + " p50")) assertTrue(series.contains(v + " p99"), v);
                    }
                    assertTrue(series.stream().allMatch(s -> s.endsWith(" p50") || s.endsWith(" p99")), series.toString());
                }
                default -> throw new AssertionError("unexpected plot kind " + kind);
            }
        }
        assertEquals(2, kinds.get("violations"), "one kind (deadlock) is seen in each scenario: one rate plot each, " + kinds);
        assertEquals(3 + 3, kinds.get("latency"), "gfs2's ops fault, mmap and write; shmem-fallocate's fallocate, punch and punch_partial");
        assertEquals(3 + 3, kinds.get("sweep"), "one sweep curve per op");
        assertTrue(latencySeries.contains("mainline"), "the clean variant finishes its ops: " + latencySeries);
    }

    @Test void deadlocksAreDrawnAsSwimlanesWithTheirCycle() throws Exception {
        Matcher m = Pattern.compile("<figure class=\"swimlane\" data-scenario=\"([^\"]*)\" data-signature=\"(\\w+)\" data-tasks=\"([^\"]*)\" data-rows=\"(\\d+)\">"
            + "<div class=\"scroll\">(<svg.*?</svg>)", Pattern.DOTALL).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
            Document svg = parse(m.group(5));
            List<String> headers = new ArrayList<>();
            NodeList texts = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
            for (int i = 0; i < texts.getLength(); i++) {
                Element t = (Element) texts.item(i);
                if (t.hasAttribute("data-task")) headers.add(t.getAttribute("data-task"));
            }
            assertEquals(List.of(m.group(3).split("\\|")), headers, "one column per task, in the program's order");
            // each swimlane is its own scenario's run (tasks named faulter-0.. at a point with several faulters)
            List<String> own = m.group(1).equals("gfs2-glock-mmap") ? List.of("writer", "mapper") : List.of("fallocator", "puncher", "kswapd");
            assertTrue(headers.containsAll(own), m.group(1) + ": " + headers);
            assertTrue(Integer.parseInt(m.group(4)) > 0);
            // every signature here is a deadlock: the cycle is drawn and the blocked tasks shaded
            assertTrue(count(svg, "path", "cycle-edge") >= 1, "signature " + m.group(2) + " draws its wait-for cycle");
            assertTrue(count(svg, "rect", "blocked") >= 1, "signature " + m.group(2) + " shades a blocked task");
        }
        // every signature is drawn once per variant, at the first sweep point that found it
        assertTrue(n >= 6, "the deadlocking variants' signatures of both scenarios are drawn: " + n);
        assertFalse(html.contains("any more") || html.contains("was not found") || html.contains("changed since"), "every run replays");
        assertEquals(count(html, "<details class=\"cx\""), n, "every counterexample listed has its swimlane");
        assertTrue(n <= signatures, n + " swimlanes for " + signatures + " signatures over all rows");
        assertTrue(html.contains("./pagerace replay " + FILE + " --variant glock-mmap --set faulter="), "counterexamples replay at their sweep point");
        assertTrue(html.contains("./pagerace replay " + SHMEM + " --variant rfc-2026 --set faulter="));
    }

    @Test void thePageNeedsNoNetworkAndSaysWhatIsNotRecorded() {
        assertFalse(html.contains("<script"), "no script");
        for (Matcher m = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"").matcher(html); m.find(); ) {
            throw new AssertionError("external reference: " + m.group(1));
        }
        assertFalse(html.contains("<?xml") || html.contains("<!DOCTYPE svg"), "SVG prologs do not belong inside HTML");
    }

    @Test void theCampaignsLockStatIsATableAndItsAbsenceIsSaid() throws Exception {
        // every campaign records lock_stat in stats.json: one row per lock class and mode, lock_stat's columns
        assertTrue(html.contains("<table class=\"lockstat\"><tr><th>class</th><th>mode</th><th>acquisitions</th><th>contentions</th>"),
            "lock_stat header");
        assertTrue(Pattern.compile("<td>mmap_lock</td><td>(read|write)</td><td class=\"num\">[1-9]\\d*</td>").matcher(html).find(), "an mmap_lock row");
        // a stats.json without it (an older campaign) says so
        Path copy = tmp.resolve("without-lock-stat");
        Files.createDirectories(copy);
        for (String f : List.of("summary.json", "violations.jsonl", "campaign.json")) Files.copy(results.resolve(f), copy.resolve(f));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var stats = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(results.resolve("stats.json").toFile());
        stats.path("variants").forEach(v -> ((com.fasterxml.jackson.databind.node.ObjectNode) v).remove("locks"));
        Files.writeString(copy.resolve("stats.json"), json.writeValueAsString(stats));
        String page = dev.pagerace.report.html.ReportHtml.render(dev.pagerace.report.html.ResultsReader.read(copy), null,
            dev.pagerace.report.html.ReportHtml.Options.DEFAULT);
        assertTrue(page.contains("lock_stat: not recorded"), "no lock_stat in that stats.json");
    }

    @Test void runSetRerunsASweepFindingExactly() throws Exception {
        // the first violation recorded at faulter=2, rerun as its line says
        String line = Files.readAllLines(results.resolve("violations.jsonl")).stream().filter(s -> s.contains("\"set\":\"faulter=2\"")).findFirst()
            .orElseThrow();
        var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        CliRun.Result r = pagerace("run", FILE, "--variant", n.get("variant").asText(), "--set", "faulter=2", "--seed", n.get("seed").asText(),
            "--engine", "pure");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("VIOLATION: " + n.get("headline").asText()), "the same run: " + n.get("headline").asText());
        assertTrue(r.out().contains("--set faulter=2 --seed " + n.get("seed").asText()), "its rerun line keeps --set");
        CliRun.Result bad = pagerace("run", FILE, "--variant", "glock-mmap", "--set", "nosuchtask=2", "--engine", "pure");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("no task 'nosuchtask'"), bad.err());
        assertEquals(2, pagerace("run", FILE, "--variant", "glock-mmap", "--set", "faulter=0").code());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    private static int count(Document d, String tag, String cls) {
        NodeList l = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        int n = 0;
        for (int i = 0; i < l.getLength(); i++) if (((Element) l.item(i)).getAttribute("class").equals(cls)) n++;
        return n;
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
