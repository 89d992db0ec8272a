package cnn.cli;

import cnn.report.Plots;
import cnn.run.RunDir;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw a run's loss, accuracy and learning-rate curves as PNG files.",
        footer = {"", "Examples:", "  cnn plot runs/lenet5_fashion", "  cnn plot runs/resnet20_cifar --output /tmp/plots --width 1200"})
final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory (with metrics.csv).")
    Path run;

    @Option(names = "--output", paramLabel = "DIR", description = "Where the PNG files go (default: the run directory).")
    Path output;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "800", description = "Image width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "500", description = "Image height (default: ${DEFAULT-VALUE}).")
    int height;

    @Override
    public Integer call() {
        List<Path> files = Plots.write(new RunDir(run), new RunDir(output != null ? output : run), width, height);
        files.forEach(f -> spec.commandLine().getOut().println("wrote " + f));
        return 0;
    }
}
