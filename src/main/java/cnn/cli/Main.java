package cnn.cli;

import cnn.io.BadInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The `cnn` command: a model-zoo trainer for convolutional networks. */
@Command(name = "cnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train, evaluate and inspect convolutional networks from the model zoo or a spec file.",
        subcommands = {ListCommand.class, SummarizeCommand.class, ValidateCommand.class, TrainCommand.class,
            EvalCommand.class, PlotCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class Main implements Runnable {
    /** Exit status for input the user can fix: a bad spec, config, file or argument (picocli's usage code too). */
    public static final int BAD_INPUT = 2;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams; returns the exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            boolean verbose = main.verbose || parseResult.hasMatchedOption("--verbose");
            if (ex instanceof BadInputException) {
                err.println("cnn: " + ex.getMessage());
                if (verbose) {
                    ex.printStackTrace(err);
                }
                return BAD_INPUT;
            }
            if (ex instanceof cnn.train.RunFailedException) {
                err.println("cnn: " + ex.getMessage());
                return 1;
            }
            err.println("cnn: error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
            if (verbose) {
                ex.printStackTrace(err);
            }
            return 1;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"cnn " + (v == null ? "dev" : v), "Java " + System.getProperty("java.version")};
        }
    }
}
