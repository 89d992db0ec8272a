package cnn.cli;

import cnn.report.Tables;
import cnn.run.RunConfigs;
import cnn.train.Trainer;
import cnn.zoo.Zoo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model as a run config says; continue an interrupted run with --resume.",
        footer = {"", "Examples:", "  cnn train --config configs/lenet5_fashion.yaml",
            "  cnn train --config configs/resnet20.yaml --epochs 2 --set optimizer.lr=0.05",
            "  cnn train --resume runs/resnet20_cifar", "",
            "Exit status: 0 when training ends (or stops early), 130 when interrupted (Ctrl-C; the last checkpoint",
            "is kept), 1 when the loss diverges, 2 for a bad config, spec or data file."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", description = "Run config (.yaml or .json).")
        Path config;

        @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its last checkpoint.")
        Path resume;
    }

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any config key, e.g. optimizer.lr=0.05 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--epochs", paramLabel = "N", description = "Shorthand for --set epochs=N (also extends a resumed run).")
    Integer epochs;

    @Mixin
    SharedOptions.BatchSize batchSize;

    @Option(names = "--lr", paramLabel = "LR", description = "Shorthand for --set optimizer.lr=LR.")
    Double lr;

    @Option(names = "--seed", paramLabel = "S", description = "Shorthand for --set seed=S.")
    Long seed;

    @Mixin
    SharedOptions.Threads threads;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Shorthand for --set output_dir=DIR.")
    String outputDir;

    @Mixin
    SharedOptions.DataDir dataDir;

    @Override
    public Integer call() {
        List<String> overrides = new ArrayList<>();
        add(overrides, "epochs", epochs);
        add(overrides, "batch_size", batchSize.batchSize);
        add(overrides, "optimizer.lr", lr);
        add(overrides, "seed", seed);
        add(overrides, "threads", threads.threads);
        add(overrides, "output_dir", outputDir);
        add(overrides, "data_dir", dataDir.dataDir);
        overrides.addAll(sets);
        AtomicBoolean stop = new AtomicBoolean();
        Interrupts.onCtrlC(stop, spec.commandLine().getErr());
        Trainer.Source from;
        if (source.config != null) {
            RunConfigs.Loaded config = RunConfigs.load(source.config, overrides);
            Zoo.Loaded model = Zoo.forConfig(config.config().model(), config.source(), source.config);
            from = new Trainer.Source.Fresh(config, model.spec(), model.source());
        } else {
            from = new Trainer.Source.Resume(source.resume, overrides);
        }
        PrintWriter out = spec.commandLine().getOut();
        Trainer.Result r = Trainer.run(new Trainer.Request(from, out, System.console() != null, stop::get));
        out.print(Tables.console("metrics", Trainer.metricColumns(r.testEveryEpoch(), true),
                Trainer.metricRows(r.history(), r.testEveryEpoch(), true)));
        return r.status() == Trainer.Status.INTERRUPTED ? 130 : 0;
    }

    private static void add(List<String> overrides, String key, Object value) {
        if (value != null) {
            overrides.add(key + "=" + value);
        }
    }
}
