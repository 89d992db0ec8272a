package cnn.train;

import cnn.data.Batch;
import cnn.data.BatchLoader;
import cnn.data.BatchStream;
import cnn.eval.Evaluation;
import cnn.eval.Evaluator;
import cnn.nn.Network;
import cnn.io.AtomicFile;
import cnn.nn.SoftmaxCrossEntropy;
import cnn.report.Tables;
import cnn.io.BadInputException;
import cnn.spec.ModelSpec;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.SpecReader;
import cnn.zoo.Zoo;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a model as a run config says, writing into the run directory: `config.yaml` and `model.yaml` (what
 * was run), `last.ckpt` every epoch and `best.ckpt` on the validation metric, `metrics.csv` (per-epoch
 * losses, accuracies and lr: identical for the same config and seed), `timing.csv` (seconds, images/s)
 * and `run.json`. Every file is written atomically; an interrupted run continues with {@link Request#resume}.
 */
public final class Trainer {
    public static final String LAST = "last.ckpt";
    public static final String BEST = "best.ckpt";

    /**
     * What to run: a config file with overrides, or a run directory to resume (then only `epochs` may be
     * overridden). `stop` is polled between batches (Ctrl-C); the epoch in progress is then abandoned.
     */
    public record Request(Path config, List<String> overrides, Path resume, PrintWriter out, boolean terminal,
            BooleanSupplier stop) {}

    public enum Status { COMPLETED, EARLY_STOPPED, INTERRUPTED }

    /** How a run ended; `test` is the final model on the test set (null if interrupted). */
    public record Result(Path runDir, Status status, List<EpochRecord> history, Integer bestEpoch, Evaluation test) {}

    private final Request request;
    private final PrintWriter out;
    private RunConfig cfg;
    private JsonNode cfgTree;
    private String cfgSource;
    private Path runDir;
    private ModelSpec spec;
    private String modelSource;
    private Network net;
    private Optimizer optimizer;
    private LrSchedule schedule;
    private BatchLoader train;
    private BatchLoader validation;
    private BatchLoader test;
    private int classes;
    private final List<EpochRecord> history = new ArrayList<>();
    private int startEpoch;
    private long step;
    private Integer bestEpoch;
    private Double bestValue;
    private int epochsSinceBest;
    private RunRecord record;

    private Trainer(Request request) {
        this.request = request;
        this.out = request.out();
    }

    public static Result run(Request request) {
        return new Trainer(request).train();
    }

    // ------------------------------------------------------------------------------------ setup

    private Result train() {
        Checkpoint.Header resumeFrom = null;
        if (request.resume() != null) {
            resumeFrom = loadConfigForResume();
        } else {
            loadConfig();
        }
        Node root = Resolver.resolve(spec, modelSource);
        RunData data = RunData.load(cfg, cfgSource, spec, root.in());
        classes = spec.classes();
        train = data.trainLoader();
        validation = data.evaluationLoader(RunData.Part.VAL);
        test = data.evaluationLoader(RunData.Part.TEST);
        net = Network.build(root, DataType.FLOAT, cfg.seed(), spec.init());
        net.useThreads(cfg.threads());
        optimizer = cfg.optimizer().config().create(net.store().params(), net.store().grads());
        long total = cfg.lrSchedule().unit() == RunConfig.Unit.EPOCH ? cfg.epochs() : (long) cfg.epochs() * train.batchesPerEpoch();
        try {
            schedule = cfg.lrSchedule().build(cfg.optimizer().lr(), total);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(cfgSource + ": lr_schedule: " + e.getMessage());
        }
        record = RunRecord.start(cfg, cfgTree, spec, modelSource, root, data.files());
        if (resumeFrom != null) {
            restore(resumeFrom);
        } else {
            writeRunFiles();
            saveCheckpoint(LAST, -1);
        }
        out.printf(Locale.ROOT, "%s: %s (%,d params) on %s, %d train / %d validation / %d test images, %d epochs,"
                        + " batch %d -> %s%n", startEpoch == 0 ? "training" : "resuming at epoch " + (startEpoch + 1),
                spec.name(), root.params(), cfg.dataset(), train.images().size(),
                validation == null ? 0 : validation.images().size(), test.images().size(), cfg.epochs(), cfg.batchSize(), runDir);
        return loop();
    }

    private void loadConfig() {
        RunConfigs.Loaded l = RunConfigs.load(request.config(), request.overrides());
        cfg = l.config();
        cfgTree = l.tree();
        cfgSource = l.source();
        runDir = Path.of(cfg.outputDir());
        if (Files.exists(runDir.resolve(LAST))) {
            throw new BadInputException(cfgSource + ": output_dir = " + runDir + ": already holds a run (" + LAST
                    + "); continue it with --resume " + runDir + " or choose another output_dir");
        }
        Zoo.Loaded model = RunConfigs.model(l, request.config());
        spec = model.spec();
        modelSource = model.source();
    }

    private Checkpoint.Header loadConfigForResume() {
        runDir = request.resume();
        Checkpoint.Header h = Checkpoint.header(runDir.resolve(LAST));
        for (String o : request.overrides()) {
            if (!o.startsWith("epochs=")) {
                throw new BadInputException("--resume " + runDir + ": only epochs can change when a run resumes, not " + o);
            }
        }
        cfgTree = h.config().deepCopy();
        cfgSource = runDir.resolve("config.yaml").toString();
        for (String o : request.overrides()) {
            RunConfigs.apply((com.fasterxml.jackson.databind.node.ObjectNode) cfgTree, o, cfgSource);
        }
        cfg = SpecReader.convert(cfgTree, cfgSource, RunConfig.class);
        spec = h.spec();
        modelSource = h.modelSource();
        return h;
    }

    private void restore(Checkpoint.Header h) {
        INDArray state = optimizer.state();
        Checkpoint.load(runDir.resolve(LAST), net.store().params(), net.store().buffers(), state);
        optimizer.restore(state, h.optimizerSteps());
        net.restoreDropoutCalls(h.dropoutCalls());
        history.addAll(h.history());
        startEpoch = h.epoch() + 1;
        step = h.step();
        bestEpoch = h.bestEpoch();
        bestValue = h.bestValue();
        epochsSinceBest = h.epochsSinceBest();
        if (startEpoch >= cfg.epochs()) {
            throw new BadInputException("--resume " + runDir + ": the run already has " + startEpoch + " of "
                    + cfg.epochs() + " epochs; add --epochs N to train further");
        }
        writeRunFiles();
    }

    // ------------------------------------------------------------------------------------ the loop

    private Result loop() {
        Progress progress = new Progress(out, request.terminal(), cfg.epochs(), train.batchesPerEpoch());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(cfg.labelSmoothing());
        boolean epochUnit = cfg.lrSchedule().unit() == RunConfig.Unit.EPOCH;
        RunConfig.Metric metric = cfg.earlyStopping() != null ? cfg.earlyStopping().metric() : RunConfig.Metric.VAL_LOSS;
        Status status = Status.COMPLETED;
        try (BatchStream stream = train.open(startEpoch, 0, cfg.epochs())) {
            for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
                progress.startEpoch(epoch);
                long started = System.nanoTime();
                Evaluation seen = new Evaluation(classes);
                float[] scratch = new float[0];
                double firstLr = schedule.lr(epochUnit ? epoch : step);
                int done = 0;
                for (Batch b : stream.epoch(epoch)) {
                    try (b) {
                        long t = epochUnit ? epoch : step;
                        INDArray logits = net.forward(b.features(), true);
                        double l = loss.forward(logits, b.labels());
                        if (!Double.isFinite(l)) {
                            diverged(epoch, done, l, schedule.lr(t));
                        }
                        scratch = Evaluator.floats(logits, scratch);
                        seen.add(scratch, b.labels(), b.size(), l);
                        net.backward(loss.backward(), false);
                        optimizer.step(schedule, t);
                        step++;
                        done++;
                        progress.update(done, seen.count(), seen.loss(), seen.top1(), schedule.lr(t));
                    }
                    if (request.stop().getAsBoolean()) {
                        status = Status.INTERRUPTED;
                        break;
                    }
                }
                if (status == Status.INTERRUPTED) {
                    break;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Evaluation val = validation == null ? null : Evaluator.evaluate(net, validation, classes, cfg.labelSmoothing());
                Evaluation tst = cfg.testEveryEpoch() ? Evaluator.evaluate(net, test, classes, cfg.labelSmoothing()) : null;
                EpochRecord rec = new EpochRecord(epoch + 1, seen.loss(), seen.top1(),
                        val == null ? null : val.loss(), val == null ? null : val.top1(), tst == null ? null : tst.loss(),
                        tst == null ? null : tst.top1(), firstLr, seconds, seen.count() / seconds);
                history.add(rec);
                double value = val == null ? rec.trainLoss() : metric == RunConfig.Metric.VAL_LOSS ? val.loss() : val.top1();
                RunConfig.Metric compare = val == null ? RunConfig.Metric.VAL_LOSS : metric;
                boolean best = bestValue == null || compare.better(value, bestValue);
                if (best) {
                    bestEpoch = epoch + 1;
                    bestValue = value;
                    epochsSinceBest = 0;
                } else {
                    epochsSinceBest++;
                }
                saveCheckpoint(LAST, epoch);
                if (best) {
                    AtomicFile.copy(runDir.resolve(LAST), runDir.resolve(BEST));
                }
                writeMetrics();
                out.println(epochLine(rec, best));
                if (cfg.earlyStopping() != null && epochsSinceBest >= cfg.earlyStopping().patience()) {
                    out.printf("early stopping: %s has not improved for %d epochs (best: epoch %d)%n",
                            metric.name().toLowerCase(), epochsSinceBest, bestEpoch);
                    status = Status.EARLY_STOPPED;
                    break;
                }
            }
        }
        Evaluation finalTest = null;
        if (status != Status.INTERRUPTED) {
            finalTest = Evaluator.evaluate(net, test, classes, cfg.labelSmoothing());
            out.printf(Locale.ROOT, "test: loss %.4f, top-1 %.2f%%, top-5 %.2f%% on %d images (final weights)%n",
                    finalTest.loss(), 100 * finalTest.top1(), 100 * finalTest.top5(), finalTest.count());
        } else {
            out.println("interrupted: the epoch in progress is not kept; continue with: cnn train --resume " + runDir);
        }
        record.finish(status.name().toLowerCase(), history, bestEpoch, finalTest);
        record.write(runDir.resolve("run.json"));
        out.print(Tables.console("metrics", metricColumns(true), metricRows(true)));
        return new Result(runDir, status, List.copyOf(history), bestEpoch, finalTest);
    }

    private void diverged(int epoch, int batch, double l, double lr) {
        record.finish("diverged", history, bestEpoch, null);
        record.write(runDir.resolve("run.json"));
        writeMetrics();
        String kept = history.isEmpty() ? "the initial weights" : "epoch " + history.get(history.size() - 1).epoch();
        throw new RunFailedException(String.format(Locale.ROOT, "the loss is %s at epoch %d, batch %d (step %d, lr %.3g):"
                        + " training diverged. %s keeps %s; lower optimizer.lr or add a warm-up (lr_schedule.warmup)",
                l, epoch + 1, batch + 1, step, lr, runDir.resolve(LAST), kept));
    }

    // ------------------------------------------------------------------------------------ files

    private void saveCheckpoint(String name, int epoch) {
        Checkpoint.save(runDir.resolve(name), new Checkpoint.Header(1, spec.name(), spec, modelSource, cfgTree,
                        net.dtype().name(), net.store().params().length(), net.store().buffers().length(),
                        optimizer.state().length(), epoch, step, optimizer.steps(), net.dropoutCalls(), bestEpoch, bestValue,
                        epochsSinceBest, List.copyOf(history)),
                net.store().params(), net.store().buffers(), optimizer.state());
    }

    private void writeRunFiles() {
        AtomicFile.write(runDir.resolve("config.yaml"), SpecReader.write(cfgTree, SpecReader.Format.YAML));
        AtomicFile.write(runDir.resolve("model.yaml"), SpecReader.write(spec, SpecReader.Format.YAML));
        record.write(runDir.resolve("run.json"));
    }

    private void writeMetrics() {
        Tables.writeCsv("metrics", metricColumns(false), metricRows(false), runDir.resolve("metrics.csv"));
        List<Object[]> timing = history.stream().map(r -> new Object[] {r.epoch(), r.seconds(), r.imagesPerSecond()}).toList();
        Tables.writeCsv("timing", List.of("epoch", "seconds", "images_per_s"), timing, runDir.resolve("timing.csv"));
    }

    /** metrics.csv has the deterministic columns only; the console table adds the wall-clock ones. */
    private List<String> metricColumns(boolean withTiming) {
        List<String> cols = new ArrayList<>(List.of("epoch", "train_loss", "train_acc", "val_loss", "val_acc"));
        if (cfg.testEveryEpoch()) {
            cols.addAll(List.of("test_loss", "test_acc"));
        }
        cols.add("lr");
        if (withTiming) {
            cols.addAll(List.of("seconds", "images_per_s"));
        }
        return cols;
    }

    private List<Object[]> metricRows(boolean withTiming) {
        List<Object[]> rows = new ArrayList<>();
        for (EpochRecord r : history) {
            List<Object> row = new ArrayList<>(List.of(r.epoch(), r.trainLoss(), r.trainAcc()));
            row.add(r.valLoss());
            row.add(r.valAcc());
            if (cfg.testEveryEpoch()) {
                row.add(r.testLoss());
                row.add(r.testAcc());
            }
            row.add(r.lr());
            if (withTiming) {
                row.add(r.seconds());
                row.add(r.imagesPerSecond());
            }
            rows.add(row.toArray());
        }
        return rows;
    }

    private String epochLine(EpochRecord r, boolean best) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %3d/%d  train loss %.4f acc %6.2f%%",
                r.epoch(), cfg.epochs(), r.trainLoss(), 100 * r.trainAcc()));
        if (r.valLoss() != null) {
            sb.append(String.format(Locale.ROOT, "  val loss %.4f acc %6.2f%%", r.valLoss(), 100 * r.valAcc()));
        }
        if (r.testLoss() != null) {
            sb.append(String.format(Locale.ROOT, "  test loss %.4f acc %6.2f%%", r.testLoss(), 100 * r.testAcc()));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.3g  %.1fs  %,.0f img/s%s", r.lr(), r.seconds(), r.imagesPerSecond(),
                best ? "  *best" : ""));
        return sb.toString();
    }
}
