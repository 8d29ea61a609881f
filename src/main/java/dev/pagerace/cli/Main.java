package dev.pagerace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pagerace}: the command-line entry point. */
@Command(name = "pagerace", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Simulates and fuzzes Linux page-cache locking protocols written as scenario files.",
    subcommands = {RunCommand.class, ReplayCommand.class, CheckCommand.class, CampaignCommand.class, ReportCommand.class, NodeCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Bad input or usage (SPEC §6). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Violations found, or expectations not met. */
    public static final int EXIT_VIOLATION = 1;
    /**
     * The infrastructure failed, not the protocol: the cluster could not be
     * joined, or a batch got no answer after every attempt. Finished batches
     * are kept for --resume.
     */
    public static final int EXIT_INFRASTRUCTURE = 3;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, replay, check, campaign, report, node or bench (see pagerace --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> EXIT_BAD_INPUT);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("pagerace: " + ex.getMessage());
            ex.getCommandLine().getErr().println("(see: pagerace " + ex.getCommandLine().getCommandName().replace("pagerace", "").trim() + " --help)");
            return EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pagerace " + (v == null ? "dev" : v)};
        }
    }
}
