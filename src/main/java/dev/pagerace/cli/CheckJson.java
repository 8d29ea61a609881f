package dev.pagerace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerace.campaign.Catalog;
import dev.pagerace.campaign.Comparisons;
import dev.pagerace.campaign.Expectations;
import dev.pagerace.campaign.ResultsJson;
import dev.pagerace.campaign.VariantSummary;
import dev.pagerace.stats.StatsJson;
import java.util.ArrayList;
import java.util.List;

/** {@code check --json}: every variant's verdict, per expect line, with the fields of summary.json (docs/results-format.md). */
final class CheckJson {
    private CheckJson() {}

    static ObjectNode of(List<Catalog.Row> rows, double seconds, int exitCode) {
        ObjectNode o = ResultsJson.JSON.createObjectNode();
        o.put("schema_version", StatsJson.SCHEMA_VERSION);
        o.put("command", "check");
        o.put("ok", rows.stream().allMatch(Catalog.Row::ok));
        o.put("exit_code", exitCode);
        o.put("runs", rows.stream().mapToLong(r -> r.summary().runs()).sum());
        o.put("seconds", Math.round(seconds * 10) / 10.0);
        ArrayNode vs = o.putArray("variants");
        List<VariantSummary> summaries = new ArrayList<>();
        for (Catalog.Row r : rows) {
            summaries.add(r.summary());
            ObjectNode v = vs.addObject();
            v.put("file", r.file());
            v.put("ok", r.ok());
            ArrayNode ex = v.putArray("expects");
            for (Expectations.LineVerdict l : Expectations.perLine(r.expects(), r.summary())) {
                ObjectNode x = ex.addObject();
                x.put("line", l.expect().pos().line());
                x.put("kind", l.expect().kind());
                x.put("within", l.expect().within());
                x.put("text", l.text());
                x.put("ok", l.ok());
                x.putPOJO("failures", l.failures());
            }
            ResultsJson.variant(v, r.summary(), r.mismatches());
            ResultsJson.ops(v.putObject("ops"), r.summary().ops());
            StatsJson.locks(v.putObject("locks"), r.summary().lockStat());
        }
        ResultsJson.comparisons(o.putArray("comparisons"), Comparisons.of(summaries));
        return o;
    }
}
