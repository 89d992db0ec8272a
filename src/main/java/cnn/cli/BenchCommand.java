package cnn.cli;

import cnn.bench.BenchResult;
import cnn.bench.LoaderBench;
import cnn.bench.ModelBench;
import cnn.data.Augmentation;
import cnn.data.DatasetStore;
import cnn.report.BenchReport;
import cnn.spec.Shape;
import cnn.zoo.Zoo;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Training or inference images/s of a model on a random batch held in memory (no data loading),"
            + " peak memory and, with --layers, where the time goes; or, with --loader, images/s of the data loader.",
            "A training step is forward, softmax cross-entropy, backward and SGD (lr 0.01, momentum 0.9), as PyTorch's"
                    + " reference benchmark."},
        footer = {"", "Examples:", "  cnn bench resnet20_cifar --batch 128 --threads 1",
            "  cnn bench vgg16_cifar --mode infer --seconds 20 --format json",
            "  cnn bench mobilenet_v2_cifar --batch 64 --layers",
            "  cnn bench --loader fashion-mnist --batch 64",
            "  cnn bench --loader cifar10 --synthetic --augment cifar"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", arity = "0..1",
            description = "A zoo name (see `cnn list`) or a .yaml/.json spec file.")
    String model;

    @Option(names = "--loader", paramLabel = "DATASET",
            description = "Measure the data loader on this data set (mnist, fashion-mnist, cifar10) instead of a model.")
    String loader;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads, one data-parallel replica each (default: every core).")
    Integer threads;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "train", converter = ModeConverter.class,
            description = "train or infer (default: ${DEFAULT-VALUE}).")
    ModelBench.Mode mode;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Timed window; at least 5 steps run (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "3",
            description = "And untimed for at least this long, while the JIT compiles (default: ${DEFAULT-VALUE}, as "
                    + "PyTorch's reference bench.py).")
    double warmupSeconds;

    @Option(names = "--jit-wait", paramLabel = "S", defaultValue = "15",
            description = "Then warm up until the JIT compiler has been quiet for a second (at most 2%% of it compiling),"
                    + " for at most S seconds more (default: ${DEFAULT-VALUE}; 0: do not wait).")
    double jitWait;

    @Option(names = "--layers", description = "Also time every layer's forward and backward, and sum them per layer kind.")
    boolean layers;

    @Option(names = "--input", paramLabel = "C,H,W", converter = ShapeConverter.class,
            description = "Input shape to use instead of the spec's.")
    Shape input;

    @Option(names = "--batches", paramLabel = "N", defaultValue = "300",
            description = "With --loader: batches to time (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--augment", paramLabel = "AUG", defaultValue = "none", converter = AugmentConverter.class,
            description = "With --loader: none or cifar (pad 4, random crop, flip) (default: ${DEFAULT-VALUE}).")
    Augmentation augment;

    @Option(names = "--synthetic", description = "With --loader: random images of the data set's shape, no files.")
    boolean synthetic;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "With --loader: where data sets live (default: ./datasets).")
    Path dataDir;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        if ((model == null) == (loader == null)) {
            throw new ParameterException(spec.commandLine(), "give a MODEL or --loader DATASET, not both");
        }
        if (batch < 1 || (threads != null && threads < 1) || seconds < 0 || warmup < 0 || warmupSeconds < 0
                || jitWait < 0 || batches < 1) {
            throw new ParameterException(spec.commandLine(), "--batch, --threads and --batches must be at least 1, "
                    + "--seconds, --warmup, --warmup-seconds and --jit-wait at least 0");
        }
        if (loader != null) {
            LoaderBench.Result r = LoaderBench.run(new LoaderBench.Options(loader, batch, batches, augment, synthetic,
                    Math.max(batch * 4, 10_000), dataDir == null ? DatasetStore.DEFAULT_DATA_DIR : dataDir, 0));
            spec.commandLine().getOut().print(BenchReport.render(r, format.format));
            return 0;
        }
        Zoo.Resolved r = Zoo.resolve(model, input, null);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        BenchResult result = ModelBench.run(r, new ModelBench.Options(batch, t, mode, seconds, warmup, warmupSeconds, jitWait,
                layers, 0));
        spec.commandLine().getOut().print(BenchReport.render(result, format.format));
        return 0;
    }

    static final class ModeConverter implements ITypeConverter<ModelBench.Mode> {
        @Override
        public ModelBench.Mode convert(String value) {
            return ModelBench.Mode.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    static final class AugmentConverter implements ITypeConverter<Augmentation> {
        @Override
        public Augmentation convert(String value) {
            return switch (value) {
                case "none" -> Augmentation.NONE;
                case "cifar" -> Augmentation.CIFAR;
                default -> throw new picocli.CommandLine.TypeConversionException("'" + value + "': none or cifar");
            };
        }
    }
}
