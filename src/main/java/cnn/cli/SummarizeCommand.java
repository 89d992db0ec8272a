package cnn.cli;

import cnn.report.Tables;
import cnn.report.ModelSummary;
import cnn.report.SummaryReport;
import cnn.spec.Shape;
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

    @Option(names = "--input", paramLabel = "C,H,W", converter = ShapeConverter.class,
            description = "Input shape to use instead of the spec's.")
    Shape input;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes instead of the spec's.")
    Integer classes;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32",
            description = "Batch size of the training-memory estimate (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "sgd",
            description = "Optimizer state in the training-memory estimate: none, sgd (momentum) or adam"
                    + " (default: ${DEFAULT-VALUE}).", converter = OptimizerStateConverter.class)
    ModelSummary.OptimizerState optimizer;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "2147483647",
            description = "Show layers nested at most D deep (1 = the model's own layers); deeper ones fold into"
                    + " their parents' totals (default: all).")
    int depth;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        if (batch < 1 || depth < 1 || (classes != null && classes < 1)) {
            throw new ParameterException(spec.commandLine(), "--batch, --depth and --classes must be at least 1");
        }
        Zoo.Resolved r = Zoo.resolve(model, input, classes);
        ModelSummary s = ModelSummary.of(r.root(), r.source(), batch, optimizer);
        spec.commandLine().getOut().print(SummaryReport.render(s, format.format, depth));
        return 0;
    }

    static final class OptimizerStateConverter implements picocli.CommandLine.ITypeConverter<ModelSummary.OptimizerState> {
        @Override
        public ModelSummary.OptimizerState convert(String value) {
            return ModelSummary.OptimizerState.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
