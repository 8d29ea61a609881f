package dev.pagerace.engine;

import dev.pagerace.program.ChoiceKind;
import dev.pagerace.program.Program;
import java.util.List;
import java.util.Locale;

/**
 * A strategy and its parameters, as one value: built from the command line
 * ({@code --strategy}, {@code --depth}, {@code --pct-steps}), carried in
 * campaign requests in its text form so every batch runs with the same
 * parameters, shown in reports, and turned into a run's strategy by
 * {@link #create(long)}.
 *
 * <p>Text forms: {@code random}, {@code fair}, {@code pct(d=3,k=400)};
 * {@code pct(d=3)} before k is known. {@code depth} and {@code steps} are
 * pct's d and k (0 for the other strategies; steps 0 for pct: not yet known).
 */
public record StrategySpec(String name, int depth, long steps) {
    public static final List<String> NAMES = dev.pagerace.program.Program.STRATEGIES;
    /** pct's default depth: most concurrency bugs have depth 1 to 3 (Burckhardt et al., ASPLOS 2010, section 2). */
    public static final int DEFAULT_DEPTH = 3;
    /** A depth past this gives a bound too small to mean anything (k^(d-1) overflows any useful run count). */
    public static final int MAX_DEPTH = dev.pagerace.program.Program.MAX_BUG_DEPTH;
    /** Runs of random whose longest fixes pct's k when it is not given. */
    public static final int ESTIMATE_RUNS = 5;

    public StrategySpec {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown strategy '" + name + "' (" + String.join(", ", NAMES)
                + "; replay is used by 'pagerace replay')");
        }
        if (name.equals("pct")) {
            if (depth < 1 || depth > MAX_DEPTH) throw new IllegalArgumentException("pct depth must be 1 to " + MAX_DEPTH + ", not " + depth);
            if (steps < 0) throw new IllegalArgumentException("pct steps must be positive, not " + steps);
        } else if (depth != 0 || steps != 0) {
            throw new IllegalArgumentException("--depth and --pct-steps apply to pct only, not to " + name);
        }
    }

    public static StrategySpec random() { return new StrategySpec("random", 0, 0); }

    /** Whether {@code of(name, depth, ...)} takes pct's depth from the user: {@code --depth}, or {@code pct(d=...)} spelled out. */
    public static boolean depthGiven(String name, Integer depth) {
        return depth != null || name != null && name.contains("(");
    }

    /**
     * From command-line options: {@code depth} and {@code steps} null when not
     * given. They are refused for strategies other than pct rather than
     * ignored, so a typo in {@code --strategy} is not silently a random run.
     */
    public static StrategySpec of(String name, Integer depth, Long steps) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.contains("(")) {
            StrategySpec s = parse(n);
            if (depth != null || steps != null) throw new IllegalArgumentException("give pct's parameters either in '" + name + "' or as --depth/--pct-steps, not both");
            return s;
        }
        if (!n.equals("pct")) {
            if (NAMES.contains(n) && (depth != null || steps != null)) {
                throw new IllegalArgumentException("--depth and --pct-steps apply to --strategy pct only, not to " + n);
            }
            return new StrategySpec(n, 0, 0);
        }
        if (steps != null && steps < 1) throw new IllegalArgumentException("--pct-steps must be at least 1, not " + steps);
        return new StrategySpec("pct", depth == null ? DEFAULT_DEPTH : depth, steps == null ? 0 : steps);
    }

    /** Parses {@link #text()}: {@code random}, {@code fair}, {@code pct}, {@code pct(d=3)}, {@code pct(d=3,k=400)}. */
    public static StrategySpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int open = t.indexOf('(');
        if (open < 0) return t.equals("pct") ? new StrategySpec("pct", DEFAULT_DEPTH, 0) : new StrategySpec(t, 0, 0);
        String name = t.substring(0, open).trim();
        if (!t.endsWith(")")) throw new IllegalArgumentException("bad strategy '" + text + "': expected " + name + "(key=value,...)");
        if (!name.equals("pct")) {
            if (!NAMES.contains(name)) return new StrategySpec(name, 0, 0); // the constructor names the known ones
            throw new IllegalArgumentException("strategy " + name + " takes no parameters: '" + text + "'");
        }
        int depth = DEFAULT_DEPTH;
        long steps = 0;
        String body = t.substring(open + 1, t.length() - 1).trim();
        if (!body.isEmpty()) {
            for (String kv : body.split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length != 2) throw new IllegalArgumentException("bad pct parameter '" + kv.trim() + "' in '" + text + "': expected d=N or k=N");
                long v;
                try {
                    v = Long.parseLong(p[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad pct parameter '" + kv.trim() + "' in '" + text + "': not a number");
                }
                switch (p[0].trim()) {
                    case "d" -> {
                        if (v < 1 || v > MAX_DEPTH) throw new IllegalArgumentException("pct depth must be 1 to " + MAX_DEPTH + ", not " + v);
                        depth = (int) v;
                    }
                    case "k" -> {
                        if (v < 1) throw new IllegalArgumentException("pct steps k must be at least 1, not " + v);
                        steps = v;
                    }
                    default -> throw new IllegalArgumentException("unknown pct parameter '" + p[0].trim() + "' in '" + text + "' (d: depth, k: steps)");
                }
            }
        }
        return new StrategySpec("pct", depth, steps);
    }

    /** The form {@link #parse} reads back: {@code random}, {@code fair}, {@code pct(d=3,k=400)} ({@code pct(d=3)} while k is unknown). */
    public String text() {
        if (!name.equals("pct")) return name;
        return "pct(d=" + depth + (steps > 0 ? ",k=" + steps : "") + ")";
    }

    @Override public String toString() { return text(); }

    /** The {@code pagerace run} options that rebuild this spec exactly (pct's k included, so a rerun does not estimate it again). */
    public String options() {
        if (name.equals("random")) return "";
        if (!isPct()) return " --strategy " + name;
        return " --strategy pct --depth " + depth + (steps > 0 ? " --pct-steps " + steps : "");
    }

    public boolean isPct() { return name.equals("pct"); }

    /** Whether runs under this strategy judge starvation (only fair: see {@link Strategy#judgesLiveness()}). */
    public boolean judgesLiveness() { return name.equals("fair"); }

    /**
     * This spec with pct's k fixed for {@code program}: as given, or the
     * largest number of delivery choices among {@value #ESTIMATE_RUNS} random
     * runs (seeds 0 to 4) of the program. PCT needs k to be an upper bound of
     * a run's steps (its change points are drawn in [1, k]); an estimate from
     * a few runs is what the paper's implementation does too, and seeds 0-4
     * keep it deterministic. Runs longer than k only lose change points they
     * could have had, never correctness.
     */
    public StrategySpec resolve(Program program) {
        if (!isPct() || steps > 0) return this;
        return new StrategySpec(name, depth, estimateSteps(program));
    }

    /** The largest number of delivery choices (steps at which pct's priorities decide something) of a few random runs. */
    public static long estimateSteps(Program program) {
        long max = 1;
        for (long seed = 0; seed < ESTIMATE_RUNS; seed++) {
            RunResult r = PureRunner.run(program, new RandomStrategy(seed), seed, false);
            long n = 0;
            for (Schedule.Choice c : r.schedule().choices()) if (c.kind() == ChoiceKind.DELIVERY) n++;
            max = Math.max(max, n);
        }
        return max;
    }

    /** A run's strategy. A pct spec must have been {@link #resolve resolved}. */
    public Strategy create(long seed) {
        return switch (name) {
            case "random" -> new RandomStrategy(seed);
            case "fair" -> new FairStrategy(seed);
            case "pct" -> {
                if (steps <= 0) throw new IllegalStateException("pct's k is not resolved for this program: " + text());
                yield new PctStrategy(seed, depth, steps);
            }
            default -> throw new IllegalStateException(name);
        };
    }

    /**
     * PCT's guarantee for one run of a program with {@code tasks} tasks: a bug
     * of depth d is found with probability at least 1/(n k^(d-1))
     * (Burckhardt et al., ASPLOS 2010, Theorem 9); 0 for other strategies.
     */
    public double pctBound(int tasks) {
        if (!isPct() || steps <= 0) return 0;
        return 1.0 / (Math.max(1, tasks) * Math.pow(steps, depth - 1));
    }

    /** One line for reports: the spec, and for pct its n, k, d and per-run bound. */
    public String describe(int tasks) {
        return isPct() ? text() + ": " + bound(tasks) : text();
    }

    /** pct's guarantee in words: "n=3 tasks, k=60 steps, d=3; a depth-3 bug is found per run with probability >= ... = 9.26e-05". */
    public String bound(int tasks) {
        return "n=" + tasks + " tasks, k=" + steps + " steps, d=" + depth + "; a depth-" + depth
            + " bug is found per run with probability >= 1/(n*k^(d-1)) = " + String.format(Locale.ROOT, "%.3g", pctBound(tasks));
    }
}
