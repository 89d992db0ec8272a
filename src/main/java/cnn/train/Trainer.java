package cnn.train;

import cnn.data.Batch;
import cnn.data.BatchLoader;
import cnn.data.BatchStream;
import cnn.io.BadInputException;
import cnn.nn.Checkpoint;
import cnn.nn.Evaluation;
import cnn.nn.Evaluator;
import cnn.nn.Network;
import cnn.nn.Precision;
import cnn.nn.TrainStep;
import cnn.nn.optim.Optimizer;
import cnn.run.EpochRecord;
import cnn.run.LrSchedule;
import cnn.run.RunConfig;
import cnn.run.RunConfigs;
import cnn.run.RunData;
import cnn.run.RunDir;
import cnn.run.RunRecord;
import cnn.run.RunState;
import cnn.spec.ModelSpec;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Trains a model as a run config says, into a {@link RunDir}. The loop here trains and evaluates; what is shown and
 * written is up to the {@link TrainingSink}s (console, checkpoints, metrics.csv, run.json), which see every event.
 * An interrupted run continues from its last checkpoint with {@link Source.Resume}.
 */
public final class Trainer {
    /** Where a run comes from. */
    public sealed interface Source {
        /** A new run of a loaded config and the model it names (the caller resolves the model). */
        record Fresh(RunConfigs.Loaded config, ModelSpec spec, String modelSource) implements Source {}

        /** The run in {@code dir}, from its last checkpoint; only {@code epochs=N} may be overridden. */
        record Resume(Path dir, List<String> overrides) implements Source {}
    }

    /** What to run; {@code stop} is polled between batches (Ctrl-C), and the epoch in progress is then abandoned. */
    public record Request(Source source, PrintWriter out, boolean terminal, BooleanSupplier stop) {}

    public enum Status { COMPLETED, EARLY_STOPPED, INTERRUPTED }

    /** How a run ended; {@code test} is the final model on the test set (null if interrupted). */
    public record Result(RunDir dir, Status status, List<EpochRecord> history, Integer bestEpoch, Evaluation test,
            boolean testEveryEpoch) {}

    private final RunConfig cfg;
    private final JsonNode cfgTree;
    private final String cfgSource;
    private final RunDir dir;
    private final ModelSpec spec;
    private final String modelSource;
    private final RunState resumed;
    private final BooleanSupplier stop;
    private final List<EpochRecord> history = new ArrayList<>();
    private Network net;
    private Optimizer optimizer;
    private long step;
    private Integer bestEpoch;
    private Double bestValue;
    private int epochsSinceBest;
    private int epoch = -1;

    private Trainer(RunConfigs.Loaded config, ModelSpec spec, String modelSource, RunDir dir, RunState resumed,
            BooleanSupplier stop) {
        this.cfg = config.config();
        this.cfgTree = config.tree();
        this.cfgSource = config.source();
        this.spec = spec;
        this.modelSource = modelSource;
        this.dir = dir;
        this.resumed = resumed;
        this.stop = stop;
    }

    public static Result run(Request request) {
        return of(request.source(), request.stop()).train(request.out(), request.terminal());
    }

    private static Trainer of(Source source, BooleanSupplier stop) {
        if (source instanceof Source.Fresh f) {
            RunDir dir = new RunDir(Path.of(f.config().config().outputDir()));
            if (dir.holdsRun()) {
                throw new BadInputException(f.config().source() + ": output_dir = " + dir.dir() + ": already holds a run ("
                        + RunDir.LAST + "); continue it with --resume " + dir.dir() + " or choose another output_dir");
            }
            return new Trainer(f.config(), f.spec(), f.modelSource(), dir, null, stop);
        }
        Source.Resume r = (Source.Resume) source;
        RunDir dir = new RunDir(r.dir());
        RunState state = RunState.read(dir.last());
        for (String o : r.overrides()) {
            if (!o.startsWith("epochs=")) {
                throw new BadInputException("--resume " + dir.dir() + ": only epochs can change when a run resumes, not " + o);
            }
        }
        ObjectNode tree = state.config().deepCopy();
        String where = dir.config().toString();
        for (String o : r.overrides()) {
            RunConfigs.apply(tree, o, where);
        }
        RunConfigs.Loaded loaded = new RunConfigs.Loaded(SpecReader.convert(tree, where, RunConfig.class), where, tree);
        return new Trainer(loaded, state.spec(), state.modelSource(), dir, state, stop);
    }

    private Result train(PrintWriter out, boolean terminal) {
        Node root = Resolver.resolve(spec, modelSource);
        RunData data = RunData.load(cfg, cfgSource, spec, root.in());
        BatchLoader train = data.trainLoader();
        BatchLoader validation = data.evaluationLoader(RunData.Part.VAL);
        BatchLoader test = data.evaluationLoader(RunData.Part.TEST);
        net = Network.build(root, Precision.FLOAT32, cfg.seed(), spec.init());
        net.useThreads(cfg.threads());
        optimizer = cfg.optimizer().create(net.store().params(), net.store().grads());
        boolean epochUnit = cfg.lrSchedule().unit() == RunConfig.Unit.EPOCH;
        long total = epochUnit ? cfg.epochs() : (long) cfg.epochs() * train.batchesPerEpoch();
        LrSchedule schedule;
        try {
            schedule = cfg.lrSchedule().build(cfg.optimizer().lr(), total);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(cfgSource + ": lr_schedule: " + e.getMessage());
        }
        List<TrainingSink> sinks = List.of(
                new RecordSink(dir, RunRecord.start(cfg, cfgTree, spec, modelSource, root, data.files())),
                new CheckpointSink(dir, net, optimizer),
                new MetricsSink(dir, cfg.testEveryEpoch()),
                new ConsoleSink(out, terminal, cfg, new ConsoleSink.Run(spec.name(), root.params(), cfg.dataset(),
                        train.images().size(), validation == null ? 0 : validation.images().size(), test.images().size(),
                        train.batchesPerEpoch(), dir)));
        if (resumed != null) {
            restore();
        }
        RunState startState = state();
        sinks.forEach(s -> s.started(startState, resumed != null));
        Status status = loop(sinks, train, validation, test, schedule, epochUnit);
        Evaluation finalTest = status == Status.INTERRUPTED ? null : evaluate(test);
        RunState end = state();
        sinks.forEach(s -> s.finished(end, status, finalTest));
        return new Result(dir, status, List.copyOf(history), bestEpoch, finalTest, cfg.testEveryEpoch());
    }

    private void restore() {
        Checkpoint.load(dir.last(), net, optimizer);
        optimizer.restore(optimizer.state(), resumed.optimizerSteps());
        net.restoreDropoutCalls(resumed.dropoutCalls());
        history.addAll(resumed.history());
        epoch = resumed.epoch();
        step = resumed.step();
        bestEpoch = resumed.bestEpoch();
        bestValue = resumed.bestValue();
        epochsSinceBest = resumed.epochsSinceBest();
        if (epoch + 1 >= cfg.epochs()) {
            throw new BadInputException("--resume " + dir.dir() + ": the run already has " + (epoch + 1) + " of "
                    + cfg.epochs() + " epochs; add --epochs N to train further");
        }
    }

    /** Where the run stands: what the checkpoint keeps and the sinks see. */
    private RunState state() {
        return new RunState(spec.name(), spec, modelSource, cfgTree, epoch, step, optimizer.steps(), net.dropoutCalls(),
                bestEpoch, bestValue, epochsSinceBest, List.copyOf(history));
    }

    private Status loop(List<TrainingSink> sinks, BatchLoader train, BatchLoader validation, BatchLoader test,
            LrSchedule schedule, boolean epochUnit) {
        TrainStep trainStep = new TrainStep(net, cfg.labelSmoothing(), optimizer);
        RunConfig.Metric metric = cfg.earlyStopping() != null ? cfg.earlyStopping().metric() : RunConfig.Metric.VAL_LOSS;
        int classes = spec.classes();
        try (BatchStream stream = train.open(epoch + 1, 0, cfg.epochs())) {
            for (int e = epoch + 1; e < cfg.epochs(); e++) {
                final int current = e;
                sinks.forEach(s -> s.epochStarted(current));
                long started = System.nanoTime();
                Evaluation seen = new Evaluation(classes);
                float[] logits = new float[0];
                double firstLr = schedule.lr(epochUnit ? e : step);
                int done = 0;
                for (Batch b : stream.epoch(e)) {
                    try (b) {
                        long t = epochUnit ? e : step;
                        double lr = schedule.lr(t);
                        double l = trainStep.forward(b.features(), b.labels());
                        if (!Double.isFinite(l)) {
                            diverged(sinks, e, done, l, lr);
                        }
                        logits = trainStep.logits(logits);
                        seen.add(logits, b.labels(), b.size(), l);
                        trainStep.backward();
                        trainStep.update(lr, schedule.momentum(t, optimizer.spec()));
                        step++;
                        done++;
                        final int d = done;
                        sinks.forEach(s -> s.batchEnded(current, d, seen, lr));
                    }
                    if (stop.getAsBoolean()) {
                        return Status.INTERRUPTED;
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Evaluation val = validation == null ? null : evaluate(validation);
                Evaluation tst = cfg.testEveryEpoch() ? evaluate(test) : null;
                EpochRecord rec = new EpochRecord(e + 1, seen.loss(), seen.top1(),
                        val == null ? null : val.loss(), val == null ? null : val.top1(), tst == null ? null : tst.loss(),
                        tst == null ? null : tst.top1(), firstLr, seconds, seen.count() / seconds);
                history.add(rec);
                epoch = e;
                // Without validation images the training loss is watched.
                double value = val == null ? rec.trainLoss() : metric == RunConfig.Metric.VAL_LOSS ? val.loss() : val.top1();
                RunConfig.Metric compare = val == null ? RunConfig.Metric.VAL_LOSS : metric;
                boolean best = bestValue == null || compare.better(value, bestValue);
                if (best) {
                    bestEpoch = e + 1;
                    bestValue = value;
                    epochsSinceBest = 0;
                } else {
                    epochsSinceBest++;
                }
                RunState now = state();
                sinks.forEach(s -> s.epochEnded(now, rec, best));
                if (cfg.earlyStopping() != null && epochsSinceBest >= cfg.earlyStopping().patience()) {
                    return Status.EARLY_STOPPED;
                }
            }
        }
        return Status.COMPLETED;
    }

    /** The columns of the metrics table; with the wall-clock ones (seconds, images/s), as the console shows it. */
    public static List<String> metricColumns(boolean testEveryEpoch, boolean withTiming) {
        return MetricsSink.columns(testEveryEpoch, withTiming);
    }

    /** The rows of the metrics table for {@link #metricColumns}. */
    public static List<Object[]> metricRows(List<EpochRecord> history, boolean testEveryEpoch, boolean withTiming) {
        return MetricsSink.rows(history, testEveryEpoch, withTiming);
    }

    private Evaluation evaluate(BatchLoader loader) {
        return Evaluator.evaluate(net, loader, spec.classes(), cfg.labelSmoothing());
    }

    private void diverged(List<TrainingSink> sinks, int e, int batch, double loss, double lr) {
        String kept = history.isEmpty() ? "the initial weights" : "epoch " + history.get(history.size() - 1).epoch();
        String message = String.format(Locale.ROOT, "the loss is %s at epoch %d, batch %d (step %d, lr %.3g):"
                        + " training diverged. %s keeps %s; lower optimizer.lr or add a warm-up (lr_schedule.warmup)",
                loss, e + 1, batch + 1, step, lr, dir.last(), kept);
        RunState now = state();
        sinks.forEach(s -> s.diverged(now, message));
        throw new RunFailedException(message);
    }
}
