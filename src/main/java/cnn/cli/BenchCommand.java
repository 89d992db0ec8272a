package cnn.cli;

import cnn.bench.BenchResult;
import cnn.bench.LoaderBench;
import cnn.bench.ModelBench;
import cnn.data.Augmentation;
import cnn.data.DatasetStore;
import cnn.report.BenchReport;
import cnn.zoo.Zoo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Mixin
    SharedOptions.BatchSize batchSize;

    @Mixin
    SharedOptions.Threads threads;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "train",
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

    @Mixin
    SharedOptions.Input input;

    @Option(names = "--batches", paramLabel = "N", defaultValue = "300",
            description = "With --loader: batches to time (default: ${DEFAULT-VALUE}).")
    int batches;

    /** The augmentations --loader can time, by name. */
    enum Augment {
        NONE(Augmentation.NONE), CIFAR(Augmentation.CIFAR);

        final Augmentation augmentation;

        Augment(Augmentation augmentation) {
            this.augmentation = augmentation;
        }
    }

    @Option(names = "--augment", paramLabel = "AUG", defaultValue = "none",
            description = "With --loader: none or cifar (pad 4, random crop, flip) (default: ${DEFAULT-VALUE}).")
    Augment augment;

    @Option(names = "--synthetic", description = "With --loader: random images of the data set's shape, no files.")
    boolean synthetic;

    @Mixin
    SharedOptions.DataDir dataDir;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        if ((model == null) == (loader == null)) {
            throw new ParameterException(spec.commandLine(), "give a MODEL or --loader DATASET, not both");
        }
        int batch = batchSize.or(64);
        int t = threads.or(Runtime.getRuntime().availableProcessors());
        if (batch < 1 || t < 1 || seconds < 0 || warmup < 0 || warmupSeconds < 0
                || jitWait < 0 || batches < 1) {
            throw new ParameterException(spec.commandLine(), "--batch, --threads and --batches must be at least 1, "
                    + "--seconds, --warmup, --warmup-seconds and --jit-wait at least 0");
        }
        if (loader != null) {
            LoaderBench.Result r = LoaderBench.run(new LoaderBench.Options(loader, batch, batches, augment.augmentation,
                    synthetic, Math.max(batch * 4, 10_000), dataDir.dataDir == null ? DatasetStore.DEFAULT_DATA_DIR
                    : dataDir.dataDir, 0));
            spec.commandLine().getOut().print(BenchReport.render(r, format.format));
            return 0;
        }
        Zoo.Resolved r = Zoo.resolve(model, input.input, null);
        BenchResult result = ModelBench.run(new ModelBench.Model(r.spec().name(), r.source(), r.root(), r.spec().init()),
                new ModelBench.Options(batch, t, mode, seconds, warmup, warmupSeconds, jitWait,
                layers, 0));
        spec.commandLine().getOut().print(BenchReport.render(result, format.format));
        return 0;
    }
}
