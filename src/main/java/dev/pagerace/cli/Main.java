package dev.pagerace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pagerace}: the command-line entry point. */
@Command(name = "pagerace", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Simulates and fuzzes Linux page-cache locking protocols written as scenario files.")
public final class Main implements Runnable {
    /** The subcommands, in the order help lists them (added in {@link #commandLine}, not in the annotation). */
    private static final java.util.List<Class<?>> COMMANDS = java.util.List.of(RunCommand.class, ReplayCommand.class, CheckCommand.class,
        CampaignCommand.class, ReportCommand.class, NodeCommand.class, BenchCommand.class, CommandLine.HelpCommand.class);

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
        // the parameter-exception handler adds the "(see: pagerace --help)" line: the message does not repeat it
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, replay, check, campaign, report, node or bench");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        if (args.length > 0 && args[0].equals("run") && RunCommand.likelyActors(java.util.Arrays.asList(args).subList(1, args.length))) {
            EarlyEngine.prestart();
        }
        try {
            return commandLine(args).execute(args);
        } finally {
            EarlyEngine.discardPrestarted();
        }
    }

    /**
     * The command line for these arguments. picocli builds the model of every command it is given, by reflection,
     * and on a cold JVM that is a noticeable part of a short command's start: when the first argument names a
     * command, only that one is built (its options and errors are the same); help, a bad or missing command, and
     * the top-level options get all of them, so that help lists them and a typo gets its suggestions.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> only = null;
        for (Class<?> c : COMMANDS) {
            if (args.length > 0 && c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) only = c;
        }
        for (Class<?> c : COMMANDS) if (only == null || c == only) cl.addSubcommand(c);
        cl.setExitCodeExceptionMapper(e -> EXIT_BAD_INPUT);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("pagerace: " + ex.getMessage());
            // a mistyped command or option: picocli's "Did you mean" line
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr());
            String sub = ex.getCommandLine().getCommandName().replace("pagerace", "").trim();
            ex.getCommandLine().getErr().println("(see: pagerace " + (sub.isEmpty() ? "" : sub + " ") + "--help)");
            return EXIT_BAD_INPUT;
        });
        // anything a command did not handle is a bug in pagerace, not in the scenario: one line that says so, and the
        // infrastructure exit code, rather than a stack trace a user must read (PAGERACE_STACKTRACE=1 prints it)
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("pagerace: internal error (a bug in pagerace, not in the scenario): " + ex);
            if (System.getenv("PAGERACE_STACKTRACE") != null) ex.printStackTrace(c.getErr());
            c.getErr().flush();
            return EXIT_INFRASTRUCTURE;
        });
        return cl;
    }

    /**
     * The Maven project version and the git commit the jar was built from,
     * filtered into pagerace/version.properties at build time (the commit
     * only when the build was given one, as the launcher does).
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = Main.class.getResourceAsStream("/pagerace/version.properties")) {
                if (in != null) p.load(in);
            } catch (java.io.IOException e) {
                // no version file: an unpackaged build
            }
            return new String[] {line(p.getProperty("version"), p.getProperty("commit"))};
        }

        static String line(String version, String commit) {
            String v = version == null || version.isBlank() || version.contains("${") ? "(version unknown: not built by Maven)" : version.trim();
            boolean hasCommit = commit != null && !commit.isBlank() && !commit.contains("${");
            return "pagerace " + v + (hasCommit ? " (commit " + commit.trim() + ")" : "");
        }
    }
}
