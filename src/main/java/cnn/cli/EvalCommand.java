package cnn.cli;

import cnn.nn.Evaluation;
import cnn.report.EvalReport;
import cnn.eval.RunEvaluation;
import cnn.run.RunData;
import cnn.run.RunDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a checkpoint: top-1, top-5, loss, per-class precision/recall/F1/support, confusion matrix.",
        footer = {"", "Examples:", "  cnn eval runs/lenet5_fashion", "  cnn eval runs/resnet20_cifar --checkpoint best --split val",
            "  cnn eval runs/lenet5_fashion/last.ckpt --dataset mnist --format markdown"})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|CHECKPOINT", description = "A run directory or a .ckpt file.")
    Path target;

    @Option(names = "--checkpoint", paramLabel = "last|best", defaultValue = "last",
            description = "Which checkpoint of a run directory (default: ${DEFAULT-VALUE}).")
    RunEvaluation.Which which;

    @Option(names = "--split", paramLabel = "PART", defaultValue = "test",
            description = "train, val (the run's held-out images) or test (default: ${DEFAULT-VALUE}).")
    RunData.Part split;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Another data set with the same image shape.")
    String dataset;

    @Mixin
    SharedOptions.DataDir dataDir;

    @Mixin
    SharedOptions.BatchSize batchSize;

    @Mixin
    SharedOptions.Threads threads;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where eval_<split>.csv and confusion_<split>.csv go (default: the checkpoint's directory).")
    Path output;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        RunEvaluation.Result r = RunEvaluation.evaluate(target, which, dataset,
                dataDir.dataDir == null ? null : dataDir.dataDir.toString(), split, batchSize.batchSize, threads.threads);
        Evaluation e = r.evaluation();
        List<EvalReport.ClassRow> rows = new ArrayList<>();
        for (int c = 0; c < e.classes(); c++) {
            rows.add(new EvalReport.ClassRow(r.classNames().get(c), e.precision(c), e.recall(c), e.f1(c), e.support(c)));
        }
        EvalReport.Summary s = new EvalReport.Summary(r.model(), r.checkpoint().toString(), r.epoch(), r.dataset(), RunEvaluation.name(r.part()),
                e.count(), e.loss(), e.top1(), e.top5());
        spec.commandLine().getOut().print(EvalReport.render(s, rows, e.confusion(), format.format));
        Path dir = output != null ? output : Files.isDirectory(target) ? target : r.checkpoint().toAbsolutePath().getParent();
        List<Path> written = EvalReport.write(s, rows, e.confusion(), new RunDir(dir));
        spec.commandLine().getErr().println("wrote " + written.get(0) + " and " + written.get(1));
        return 0;
    }
}
