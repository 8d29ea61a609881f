package dev.pagerace.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagerace.campaign.ResultsJson;
import dev.pagerace.engine.Outcome;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Shrinker;
import dev.pagerace.oracle.Violation;
import dev.pagerace.report.RunReport;
import dev.pagerace.stats.Histograms;
import dev.pagerace.stats.Latency;
import dev.pagerace.stats.LockStat;
import dev.pagerace.stats.StatsJson;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * {@code run --json} and {@code replay --json}: one run as the object
 * docs/results-format.md specifies. Violations are structured fields, taken
 * from the violation values themselves, with the text report beside them as
 * a string: nothing here parses text.
 */
final class RunJson {
    private RunJson() {}

    static ObjectNode of(String command, RunResult r, int exitCode, String rerun, String replay, boolean withTrace) {
        ObjectNode o = ResultsJson.JSON.createObjectNode();
        o.put("schema_version", StatsJson.SCHEMA_VERSION);
        o.put("command", command);
        o.put("scenario", r.scenario());
        o.put("variant", r.variant());
        o.put("strategy", r.strategy());
        o.put("seed", r.seed());
        o.put("outcome", outcome(r.outcome()));
        o.put("exit_code", exitCode);
        o.put("deliveries", r.steps());
        o.put("schedule", r.schedule().encode());
        if (rerun != null) o.put("rerun", rerun);
        o.put("replay", replay);
        ArrayNode vs = o.putArray("violations");
        for (Violation v : r.violations()) {
            ObjectNode x = vs.addObject();
            x.put("kind", v.kind());
            x.put("signature", v.signature());
            x.put("signature_id", Violation.signatureId(v.signature()));
            x.put("headline", v.headline());
            x.put("seed", r.seed());
            x.put("schedule", r.schedule().encode());
            x.put("deliveries", r.steps());
            x.put("fatal", v.fatal());
        }
        if (r.outcome() instanceof Outcome.ModelFault f) {
            ObjectNode m = o.putObject("model_error");
            m.put("task", f.task());
            m.put("where", f.where());
            m.put("message", f.message());
        }
        o.put("report", RunReport.verdict(r) + RunReport.lockOrder(r));
        ops(o.putObject("ops"), r);
        LockStat locks = new LockStat();
        if (r.lockUse() != null) locks.addRun(r.lockUse());
        StatsJson.locks(o.putObject("locks"), locks);
        if (withTrace && r.trace() != null) o.put("trace", r.trace());
        return o;
    }

    /** Adds what {@code --shrink} found. */
    static void shrunk(ObjectNode o, Shrinker.Shrunk sh, RunResult shrunk) {
        ObjectNode s = o.putObject("shrunk");
        s.put("deliveries", shrunk.steps());
        s.put("original_deliveries", sh.original().steps());
        s.put("schedule", shrunk.schedule().encode());
        s.put("candidate_runs", sh.runs());
        s.put("signature", sh.signature());
        s.put("report", RunReport.verdict(shrunk));
    }

    static void print(PrintWriter out, ObjectNode o) {
        try {
            out.println(ResultsJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    static String outcome(Outcome o) {
        if (o instanceof Outcome.Violated) return "violated";
        return o == null ? "running" : o.label();
    }

    /** This run's ops: one latency object each, its unfinished instances beside the finished ones. */
    private static void ops(ObjectNode n, RunResult r) {
        Map<String, Histogram> finished = new TreeMap<>();
        Map<String, Long> unfinished = new TreeMap<>();
        for (RunResult.OpTime t : r.opTimes()) {
            Histogram h = finished.computeIfAbsent(t.op(), k -> Histograms.create());
            if (t.finished()) h.recordValue(t.deliveries());
            else unfinished.merge(t.op(), 1L, Long::sum);
        }
        for (var e : finished.entrySet()) StatsJson.latency(n.putObject(e.getKey()), Latency.of(e.getValue(), unfinished.getOrDefault(e.getKey(), 0L)));
    }
}
