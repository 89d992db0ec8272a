package cnn.cli;

import cnn.report.Tables;
import cnn.report.ModelSummary;
import cnn.report.SummaryReport;
import cnn.zoo.Zoo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "summarize", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per-layer output shapes, parameters, MACs/FLOPs and memory of a model, and totals.",
        footer = {"", "Examples:", "  cnn summarize resnet50", "  cnn summarize vgg16_cifar --depth 1 --format markdown",
            "  cnn summarize models/lenet5.yaml --input 1,64,64 --classes 2 --format json"})
final class SummarizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A zoo name (see `cnn list`) or a .yaml/.json spec file.")
    String model;

    @Mixin
    SharedOptions.Input input;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes instead of the spec's.")
    Integer classes;

    @Mixin
    SharedOptions.BatchSize batch;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "sgd",
            description = "Optimizer state in the training-memory estimate: none, sgd (momentum) or adam"
                    + " (default: ${DEFAULT-VALUE}).")
    ModelSummary.OptimizerState optimizer;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "2147483647",
            description = "Show layers nested at most D deep (1 = the model's own layers); deeper ones fold into"
                    + " their parents' totals (default: all).")
    int depth;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        int b = batch.or(32);
        if (b < 1 || depth < 1 || (classes != null && classes < 1)) {
            throw new ParameterException(spec.commandLine(), "--batch, --depth and --classes must be at least 1");
        }
        Zoo.Resolved r = Zoo.resolve(model, input.input, classes);
        ModelSummary s = ModelSummary.of(r.root(), r.source(), b, optimizer);
        spec.commandLine().getOut().print(SummaryReport.render(s, format.format, depth));
        return 0;
    }
}
