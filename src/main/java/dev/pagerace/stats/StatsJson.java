package dev.pagerace.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;

/**
 * The JSON shapes of latencies and lock_stat, written the one way
 * docs/results-format.md specifies (schema version {@link #SCHEMA_VERSION}):
 * snake_case, named percentiles, sorted keys.
 */
public final class StatsJson {
    /** The version of docs/results-format.md every document carries. */
    public static final int SCHEMA_VERSION = 1;

    private StatsJson() {}

    /** A latency object: finished, unfinished, p50, p90, p99, p999, max, mean and the compressed histogram. */
    public static ObjectNode latency(ObjectNode o, Latency l) {
        o.put("finished", l.finished());
        o.put("unfinished", l.unfinished());
        o.put("p50", l.p50());
        o.put("p90", l.p90());
        o.put("p99", l.p99());
        o.put("p999", l.p999());
        o.put("max", l.max());
        o.put("mean", Math.round(l.mean() * 1000) / 1000.0);
        o.put("hdr", Base64.getEncoder().encodeToString(Histograms.encode(l.histogram())));
        return o;
    }

    /** lock_stat: class -> mode -> {acquisitions, contentions, wait, hold, contention_sites, contending_sites}. */
    public static ObjectNode locks(ObjectNode o, LockStat stat) {
        for (LockStat.Cell c : stat.cells()) {
            ObjectNode cls = o.has(c.cls) ? (ObjectNode) o.get(c.cls) : o.putObject(c.cls);
            ObjectNode m = cls.putObject(c.mode);
            m.put("acquisitions", c.acquisitions());
            m.put("contentions", c.contentions());
            latency(m.putObject("wait"), c.waits());
            latency(m.putObject("hold"), c.holds());
            sites(m.putArray("contention_sites"), c.contentionSites());
            sites(m.putArray("contending_sites"), c.contendingSites());
        }
        return o;
    }

    private static void sites(ArrayNode a, Iterable<Map.Entry<String, Long>> sites) {
        for (Map.Entry<String, Long> s : sites) a.addObject().put("site", s.getKey()).put("count", s.getValue());
    }
}
