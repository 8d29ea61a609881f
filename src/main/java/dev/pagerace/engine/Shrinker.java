package dev.pagerace.engine;

import dev.pagerace.model.Envelope;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Minimizes a violating run while it keeps the same violation signature:
 * delta debugging over the run's task picks (Zeller and Hildebrandt,
 * "Simplifying and Isolating Failure-Inducing Input", 2002), then over one
 * task's picks at a time (work of a task the bug does not need), then
 * dropping preemptions (a pick replaced by the default "keep running the
 * last task"), then other choice values (every option, smallest first: no
 * reclaim entry where the bug needs none, the first branch).
 * Candidates run on the pure engine with a {@link TaskPickStrategy}; one is
 * kept only if it still shows the signature and is shorter (deliveries, then
 * picks, then choice values), so the result is never longer than the input.
 * Deterministic, and bounded by a number of runs. The shrunk run is run once
 * more as a plain run, so its schedule is a genuine {@code pr1.} schedule
 * that {@code pagerace replay} reruns on either engine.
 */
public final class Shrinker {
    /**
     * The input run, the shrunk run (its schedule replays it), the signature
     * kept, and how many candidate runs the search made.
     */
    public record Shrunk(RunResult original, RunResult shrunk, String signature, int runs) {}

    /** Candidate runs a shrink makes at most, unless told otherwise. */
    public static final int DEFAULT_RUNS = 2000;

    private final Program program;
    private final String signature;
    private final int maxRuns;
    private final long seed;
    /** The most options each kind of choice had in the input run: the values worth trying. */
    private final Map<ChoiceKind, Integer> options;
    private int runs;

    private record Candidate(List<TaskPickStrategy.Pick> picks, Map<ChoiceKind, int[]> values) {}

    private Shrinker(Program program, String signature, int maxRuns, long seed, Map<ChoiceKind, Integer> options) {
        this.program = program;
        this.options = options;
        this.signature = signature;
        this.maxRuns = maxRuns;
        this.seed = seed;
    }

    /** Shrinks the run {@code schedule} replays, keeping the signature of its first violation. */
    public static Shrunk shrink(Program program, Schedule schedule, int maxRuns) {
        return shrink(program, schedule, null, maxRuns, 0);
    }

    /**
     * Shrinks the run {@code schedule} replays, keeping {@code signature}
     * (null: its first violation's). Returns null when the run shows no such
     * violation. {@code seed} only labels the results.
     */
    public static Shrunk shrink(Program program, Schedule schedule, String signature, int maxRuns, long seed) {
        Recorder rec = new Recorder(new ReplayStrategy(schedule, null));
        RunResult original = PureRunner.run(program, rec, seed, false);
        if (!(original.outcome() instanceof Outcome.Violated v)) return null;
        String sig = signature == null ? v.violation().signature() : signature;
        if (!shows(original, sig)) return null;
        Shrinker s = new Shrinker(program, sig, maxRuns, seed, rec.options);
        return new Shrunk(original, s.run(rec.candidate(), original), sig, s.runs);
    }

    /** Whether a run shows a violation with this signature. */
    public static boolean shows(RunResult r, String signature) {
        if (!(r.outcome() instanceof Outcome.Violated)) return false;
        for (Violation v : r.violations()) if (v.signature().equals(signature)) return true;
        return false;
    }

    private RunResult run(Candidate start, RunResult original) {
        // the pick form replays the run exactly (each pick names the very message the run delivered)
        Evaluated first = evaluate(start);
        if (first == null) return original;
        Candidate best = first.trimmed;
        long[] bestScore = first.score;
        boolean progress = true;
        while (progress && runs < maxRuns) {
            progress = false;
            // 1. delta debugging over the picks: drop chunks, halving the chunk size
            for (int chunk = Math.max(1, best.picks.size() / 2); chunk >= 1 && runs < maxRuns; chunk /= 2) {
                for (int at = best.picks.size() - chunk; at >= 0 && runs < maxRuns; at -= chunk) {
                    List<TaskPickStrategy.Pick> p = new ArrayList<>(best.picks.subList(0, at));
                    p.addAll(best.picks.subList(Math.min(best.picks.size(), at + chunk), best.picks.size()));
                    Evaluated e = better(new Candidate(p, best.values), bestScore);
                    if (e != null) {
                        best = e.trimmed;
                        bestScore = e.score;
                        progress = true;
                    }
                }
            }
            // 2. one task at a time: drop chunks of one task's picks (work of that task the bug does not need), halving
            for (int task : tasks(best.picks)) {
                List<Integer> at = positions(best.picks, task);
                for (int chunk = at.size(); chunk >= 1 && runs < maxRuns; chunk /= 2) {
                    for (int from = at.size() - chunk; from >= 0 && runs < maxRuns; from -= chunk) {
                        java.util.Set<Integer> drop = new java.util.HashSet<>(at.subList(from, Math.min(at.size(), from + chunk)));
                        List<TaskPickStrategy.Pick> p = new ArrayList<>();
                        for (int i = 0; i < best.picks.size(); i++) if (!drop.contains(i)) p.add(best.picks.get(i));
                        Evaluated e = better(new Candidate(p, best.values), bestScore);
                        if (e != null) {
                            best = e.trimmed;
                            bestScore = e.score;
                            progress = true;
                            at = positions(best.picks, task);
                            from = Math.min(from, at.size());
                        }
                    }
                    chunk = Math.min(chunk, at.size());
                }
            }
            // 3. preemptions: a pick that differs from the default becomes the default, keeping later picks in place
            for (int i = best.picks.size() - 1; i >= 0 && runs < maxRuns; i--) {
                if (i >= best.picks.size() || best.picks.get(i).task() < 0) continue;
                List<TaskPickStrategy.Pick> p = new ArrayList<>(best.picks);
                p.set(i, new TaskPickStrategy.Pick(-1, 0));
                Evaluated e = better(new Candidate(p, best.values), bestScore);
                if (e != null) {
                    best = e.trimmed;
                    bestScore = e.score;
                    progress = true;
                }
            }
            // 4. choice values: drop them (the kind's later values move up), then try the other options
            for (ChoiceKind k : ChoiceKind.values()) {
                if (k == ChoiceKind.DELIVERY) continue;
                for (int i = best.values.getOrDefault(k, new int[0]).length - 1; i >= 0 && runs < maxRuns; i--) {
                    int[] vs = best.values.get(k);
                    if (i >= vs.length) continue;
                    int[] dropped = new int[vs.length - 1];
                    System.arraycopy(vs, 0, dropped, 0, i);
                    System.arraycopy(vs, i + 1, dropped, i, vs.length - i - 1);
                    Evaluated e = better(withValues(best, k, dropped), bestScore);
                    // every other option, smallest first: a later alloc's reclaim may be what the bug needs, an earlier one only detour
                    for (int alt = 0; e == null && alt < options.getOrDefault(k, 0) && runs < maxRuns; alt++) {
                        if (alt == vs[i]) continue;
                        int[] other = vs.clone();
                        other[i] = alt;
                        e = better(withValues(best, k, other), bestScore);
                    }
                    if (e != null) {
                        best = e.trimmed;
                        bestScore = e.score;
                        progress = true;
                    }
                }
            }
        }
        Evaluated last = evaluate(best);
        return last == null || last.result.steps() > original.steps() ? original : last.result;
    }

    /** The tasks the picks name, in order of first appearance. */
    private static List<Integer> tasks(List<TaskPickStrategy.Pick> picks) {
        List<Integer> out = new ArrayList<>();
        for (TaskPickStrategy.Pick p : picks) if (p.task() >= 0 && !out.contains(p.task())) out.add(p.task());
        return out;
    }

    private static List<Integer> positions(List<TaskPickStrategy.Pick> picks, int task) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < picks.size(); i++) if (picks.get(i).task() == task) out.add(i);
        return out;
    }

    private static Candidate withValues(Candidate c, ChoiceKind k, int[] vs) {
        Map<ChoiceKind, int[]> values = new EnumMap<>(c.values);
        values.put(k, vs);
        return new Candidate(c.picks, values);
    }

    private record Evaluated(Candidate trimmed, long[] score, RunResult result) {}

    /** The candidate's run if it keeps the signature and scores lower than {@code bound}, else null. */
    private Evaluated better(Candidate c, long[] bound) {
        Evaluated e = evaluate(c);
        return e != null && Arrays.compare(e.score, bound) < 0 ? e : null;
    }

    /** Runs a candidate; null unless it shows the signature. The candidate comes back trimmed to what the run used. */
    private Evaluated evaluate(Candidate c) {
        runs++;
        TaskPickStrategy s = new TaskPickStrategy(c.picks, c.values);
        RunResult r = PureRunner.run(program, s, seed, false);
        if (!shows(r, signature)) return null;
        Map<ChoiceKind, int[]> used = new EnumMap<>(ChoiceKind.class);
        // exactly the values the run consumed, the defaulted ones as explicit zeros, so later passes can change them too
        for (ChoiceKind k : ChoiceKind.values()) {
            int n = s.valuesUsed(k);
            if (n > 0) used.put(k, Arrays.copyOf(c.values.getOrDefault(k, new int[0]), n));
        }
        Candidate t = new Candidate(List.copyOf(c.picks.subList(0, Math.min(c.picks.size(), s.picksUsed()))), used);
        return new Evaluated(t, score(t, r.steps()), r);
    }

    /** Shorter runs first; then fewer picks (fewer forced preemptions), then fewer and smaller choice values. */
    private static long[] score(Candidate c, long steps) {
        long count = 0;
        long sum = 0;
        for (int[] vs : c.values.values()) {
            count += vs.length;
            for (int v : vs) sum += v;
        }
        long explicit = c.picks.stream().filter(p -> p.task() >= 0).count();
        return new long[] {steps, explicit, c.picks.size(), sum, count};
    }

    /** Records a run's choices in the pick domain while another strategy makes them. */
    private static final class Recorder implements Strategy {
        private final Strategy inner;
        private final List<TaskPickStrategy.Pick> picks = new ArrayList<>();
        private final Map<ChoiceKind, List<Integer>> values = new EnumMap<>(ChoiceKind.class);
        private final Map<ChoiceKind, Integer> options = new EnumMap<>(ChoiceKind.class);

        Recorder(Strategy inner) {
            this.inner = inner;
        }

        @Override public String name() { return inner.name(); }

        @Override public int choose(ChoiceKind kind, int n) {
            int v = inner.choose(kind, n);
            options.merge(kind, n, Math::max);
            values.computeIfAbsent(kind, k -> new ArrayList<>()).add(v);
            return v;
        }

        @Override public int chooseDelivery(List<Envelope> pending) {
            int i = inner.chooseDelivery(pending);
            if (i < 0 || i >= pending.size()) return i;
            int task = pending.get(i).task();
            int ordinal = 0;
            for (int j = 0; j < i; j++) if (pending.get(j).task() == task) ordinal++;
            picks.add(new TaskPickStrategy.Pick(task, ordinal));
            return i;
        }

        @Override public String divergence() { return inner.divergence(); }

        Candidate candidate() {
            Map<ChoiceKind, int[]> vs = new EnumMap<>(ChoiceKind.class);
            for (var e : values.entrySet()) vs.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
            return new Candidate(List.copyOf(picks), vs);
        }
    }
}
