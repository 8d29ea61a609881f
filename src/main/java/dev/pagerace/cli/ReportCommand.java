package dev.pagerace.cli;

import dev.pagerace.engine.Engine;
import dev.pagerace.report.html.Counterexamples;
import dev.pagerace.report.html.ReportHtml;
import dev.pagerace.report.html.ResultsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pagerace report RESULTS_DIR}: the campaign's results as one self-contained report.html with plots and swimlanes. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Writes report.html for a campaign's results directory: verdicts, violation rates, latency plots, sweep curves, "
        + "lock_stat and each signature's counterexample as a swimlane. The page needs no network to view.")
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "a campaign's results directory (with summary.json)")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write (default RESULTS_DIR/report.html)")
    Path out;

    @Option(names = "--max-swimlanes", paramLabel = "N", defaultValue = "40", description = "counterexamples drawn at most (default ${DEFAULT-VALUE})")
    int maxSwimlanes;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "60",
        description = "deliveries drawn of a counterexample that was not shrunk: its last N (default ${DEFAULT-VALUE}); shrunk runs are drawn whole up to 160")
    int tail;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "pure",
        description = "engine that replays the counterexamples: pure (default; the same cores and byte-identical traces, no actor system) or actors")
    String engine;

    @Override public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (maxSwimlanes < 0 || tail < 1) {
            err.println("pagerace: --max-swimlanes must not be negative and --tail must be at least 1");
            return Main.EXIT_BAD_INPUT;
        }
        ResultsReader.Results res;
        try {
            res = ResultsReader.read(dir);
        } catch (IOException | RuntimeException e) {
            err.println("pagerace: cannot read " + dir + ": " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        Engine e = Scenarios.engineOrNull(engine, err);
        if (e == null) return Main.EXIT_BAD_INPUT;
        String html;
        try (e) {
            html = ReportHtml.render(res, new Counterexamples(e, res.spec()), new ReportHtml.Options(maxSwimlanes, tail, 160));
        }
        Path file = out != null ? out : dir.resolve("report.html");
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            err.println("pagerace: cannot write " + file + ": " + ex.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        stdout.println("report: " + file + " (" + (html.length() / 1024) + " KiB, self-contained)");
        stdout.flush();
        return 0;
    }
}
