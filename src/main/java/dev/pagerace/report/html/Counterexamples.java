package dev.pagerace.report.html;

import dev.pagerace.campaign.ScenarioBundle;
import dev.pagerace.campaign.Sweep;
import dev.pagerace.engine.Engine;
import dev.pagerace.engine.ReplayStrategy;
import dev.pagerace.engine.RunResult;
import dev.pagerace.engine.Schedule;
import dev.pagerace.engine.Shrinker;
import dev.pagerace.engine.Strategy;
import dev.pagerace.engine.StrategySpec;
import dev.pagerace.lang.Compiler;
import dev.pagerace.lang.Scenario;
import dev.pagerace.lang.ScenarioException;
import dev.pagerace.oracle.Violation;
import dev.pagerace.program.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gets each signature's counterexample back as a trace for the swimlane:
 * the shrunk run when the campaign shrank one (its schedule replayed), else
 * the shortest run of the signature (its recorded schedule, or its seed
 * rerun with the campaign's strategy). Runs are deterministic, so the trace
 * is the one the campaign saw, on either engine.
 */
public final class Counterexamples {
    /** A counterexample ready to draw, or why there is none ({@code rows} empty, {@code note} says why). */
    public record Shown(String how, String command, List<String> tasks, List<Swimlane.Row> rows, List<Swimlane.Edge> cycle,
                        String headline, String note) {}

    /** A scenario file of the campaign, as it is now on disk, and whether it is the text the campaign ran. */
    record Source(String file, Scenario scenario, boolean same) {}

    private final Engine engine;
    private final Map<String, Source> byName = new LinkedHashMap<>();
    private final Map<String, Map<String, Program>> compiled = new LinkedHashMap<>();

    /** Loads the campaign's scenario files (paths as the campaign was given them, from the working directory). */
    public Counterexamples(Engine engine, ResultsReader.Spec spec) {
        this.engine = engine;
        for (String f : spec.scenarios()) {
            try {
                if (!Files.isRegularFile(Path.of(f))) continue;
                ScenarioBundle b = ScenarioBundle.read(Path.of(f));
                Scenario s = b.load();
                byName.putIfAbsent(s.name(), new Source(f, s, b.hash().equals(spec.hashes().get(f))));
            } catch (ScenarioException | RuntimeException e) {
                // a file that no longer loads: its counterexamples say so
            }
        }
    }

    /** The counterexample of signature {@code g} of row {@code v}; {@code found} is violations.jsonl, for recorded schedules. */
    public Shown show(ResultsReader.Variant v, ResultsReader.Signature g, List<ResultsReader.Found> found) {
        Source src = byName.get(v.scenario());
        if (src == null) return none("the scenario file of " + v.scenario() + " was not found from this directory; run the report where the campaign ran");
        if (!src.same()) return none(src.file() + " changed since the campaign ran: its runs cannot be replayed");
        Program p;
        try {
            // by scenario and task counts: two scenarios of a campaign share sweep points, never programs
            p = compiled.computeIfAbsent(v.scenario() + " " + v.set(), key -> {
                try {
                    return Compiler.compileAll(src.scenario(), Sweep.counts(v.set()));
                } catch (ScenarioException e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
            }).get(v.variant());
        } catch (IllegalArgumentException e) {
            return none("cannot compile " + src.file() + " at " + v.set() + ": " + e.getMessage());
        }
        if (p == null) return none(src.file() + " has no variant " + v.variant() + " any more");
        StrategySpec strat;
        try {
            strat = StrategySpec.parse(v.strategy());
        } catch (IllegalArgumentException e) {
            strat = null; // a mixed strategy (check's per-variant defaults): only recorded schedules replay
        }
        boolean fair = strat != null && strat.judgesLiveness();
        String sets = Sweep.options(Sweep.counts(v.set()));
        String how, command;
        Strategy strategy;
        long seed = g.shortestSeed();
        String recorded = null;
        for (ResultsReader.Found f : found) {
            if (f.seed() == seed && f.scenario().equals(v.scenario()) && f.variant().equals(v.variant()) && f.set().equals(v.set())
                && !f.schedule().isEmpty()) recorded = f.schedule();
        }
        String replay = "./pagerace replay " + src.file() + " --variant " + v.variant() + sets + (fair ? " --fair" : "") + " --schedule ";
        if (g.shrunkSchedule() != null) {
            strategy = new ReplayStrategy(Schedule.decode(g.shrunkSchedule()), null, fair);
            how = "shrunk run: " + g.shrunkDeliveries() + " deliveries (shortest found: " + g.shortestDeliveries() + ", seed " + seed + ")";
            command = replay + g.shrunkSchedule();
        } else if (recorded != null) {
            strategy = new ReplayStrategy(Schedule.decode(recorded), null, fair);
            how = "shortest run: seed " + seed + ", " + g.shortestDeliveries() + " deliveries (not shrunk)";
            command = replay + recorded;
        } else if (strat != null) {
            strategy = strat.resolve(p).create(seed);
            how = "shortest run: seed " + seed + ", " + g.shortestDeliveries() + " deliveries (not shrunk)";
            command = "./pagerace run " + src.file() + " --variant " + v.variant() + sets + " --seed " + seed + strat.options();
        } else {
            return none("no schedule recorded and strategy " + v.strategy() + " cannot be rerun by seed");
        }
        RunResult r = engine.run(p, strategy, seed, true);
        List<Swimlane.Edge> cycle = new ArrayList<>();
        String headline = null;
        for (Violation x : r.violations()) {
            if (!x.signature().equals(g.signature())) continue;
            headline = x.headline();
            if (x instanceof Violation.Deadlock d) {
                for (int i = 0; i < d.cycle().size(); i++) {
                    Violation.Waiting w = d.cycle().get(i);
                    cycle.add(new Swimlane.Edge(w.task(), w.resource(), d.cycle().get((i + 1) % d.cycle().size()).task()));
                }
            }
        }
        String note = Shrinker.shows(r, g.signature()) ? null : "this run no longer shows the signature (the model changed?)";
        List<String> tasks = p.tasks().stream().map(Program.TaskInfo::name).toList();
        return new Shown(how, command, tasks, Swimlane.parse(r.trace()), cycle, headline, note);
    }

    private static Shown none(String why) { return new Shown(null, null, List.of(), List.of(), List.of(), null, why); }
}
