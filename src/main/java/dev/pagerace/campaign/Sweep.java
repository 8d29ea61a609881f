package dev.pagerace.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Task instance counts set from the command line: {@code --set faulter=4}
 * on run, check and replay, {@code --sweep faulter=1,2,4,8} on campaign and
 * check. A count replaces the {@code * N} of the task's declaration in every
 * variant (Compiler.compileAll with counts), which is how the catalog's
 * "punch latency vs faulter count" (shmem-hole-punch, Trinity 2014) is
 * measured without one scenario file per load.
 */
public final class Sweep {
    /** Counts above this make runs too large to read; a typo like 40000 is caught before compiling. */
    public static final long MAX_COUNT = 256;

    private Sweep() {}

    /** {@code faulter=1,2,4,8}: the task and its counts, in the order given (duplicates dropped). */
    public record Points(String task, List<Long> counts) {
        /** The set text of one point: {@code faulter=4}. */
        public String set(long count) { return task + "=" + count; }

        @Override public String toString() {
            StringBuilder b = new StringBuilder(task).append('=');
            for (int i = 0; i < counts.size(); i++) b.append(i == 0 ? "" : ",").append(counts.get(i));
            return b.toString();
        }
    }

    /** Parses {@code TASK=N,N,...}; throws IllegalArgumentException with a message for the user. */
    public static Points parseSweep(String text) {
        String[] kv = text == null ? new String[0] : text.split("=", 2);
        List<Long> counts = new ArrayList<>();
        try {
            if (kv.length != 2 || !kv[0].trim().matches("[A-Za-z_][\\w-]*")) throw new NumberFormatException();
            for (String n : kv[1].split(",")) {
                long c = Long.parseLong(n.trim());
                if (c < 1 || c > MAX_COUNT) throw new NumberFormatException();
                if (!counts.contains(c)) counts.add(c);
            }
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--sweep takes TASK=N,N,... with counts from 1 to " + MAX_COUNT + ", not '" + text + "'");
        }
        return new Points(kv[0].trim(), List.copyOf(counts));
    }

    /** Parses {@code --set TASK=N} options into counts by task, sorted by task name so a set has one text. */
    public static Map<String, Long> parseSets(List<String> sets) {
        Map<String, Long> out = new TreeMap<>();
        for (String s : sets == null ? List.<String>of() : sets) {
            Points p;
            try {
                p = parseSweep(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--set takes TASK=N with N from 1 to " + MAX_COUNT + ", not '" + s + "'");
            }
            if (p.counts().size() != 1) throw new IllegalArgumentException("--set takes one count per task, not '" + s + "'");
            if (out.put(p.task(), p.counts().get(0)) != null) throw new IllegalArgumentException("--set names task '" + p.task() + "' twice");
        }
        return out;
    }

    /** The canonical text of counts by task ({@code faulter=4 writer=2}), "" for none. */
    public static String text(Map<String, Long> counts) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
            b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    /** The counts of a canonical text; "" or null is none. */
    public static Map<String, Long> counts(String text) {
        if (text == null || text.isBlank()) return Map.of();
        return parseSets(List.of(text.trim().split("\\s+")));
    }

    /** The command-line options that set these counts again: {@code  --set faulter=4}, "" for none. */
    public static String options(Map<String, Long> counts) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) b.append(" --set ").append(e.getKey()).append('=').append(e.getValue());
        return b.toString();
    }
}
