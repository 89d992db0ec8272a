package cnn.eval;

import cnn.io.BadInputException;
import cnn.nn.Checkpoint;
import cnn.nn.Evaluation;
import cnn.nn.Evaluator;
import cnn.nn.Network;
import cnn.run.RunConfig;
import cnn.run.RunData;
import cnn.run.RunDir;
import cnn.run.RunState;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** `cnn eval`: scores a run's checkpoint on a part of its data set, or on another data set. */
public final class RunEvaluation {
    private RunEvaluation() {}

    /** Which checkpoint of a run directory. */
    public enum Which { LAST, BEST }

    /** The outcome, with the class names and where the checkpoint came from. */
    public record Result(Path checkpoint, String model, int epoch, String dataset, RunData.Part part, List<String> classNames,
            Evaluation evaluation) {}

    /**
     * {@code target} is a run directory (its {@code which} checkpoint) or a checkpoint file. {@code dataset},
     * {@code dataDir}, {@code batchSize} and {@code threads} replace the run's when given.
     */
    public static Result evaluate(Path target, Which which, String dataset, String dataDir, RunData.Part part,
            Integer batchSize, Integer threads) {
        Path ckpt = target;
        if (Files.isDirectory(target)) {
            RunDir dir = new RunDir(target);
            ckpt = which == Which.BEST ? dir.best() : dir.last();
        }
        Checkpoint.Info info = Checkpoint.info(ckpt);
        RunState state = RunState.of(ckpt, info);
        ObjectNode tree = state.config().deepCopy();
        if (dataset != null) {
            tree.put("dataset", dataset);
        }
        if (dataDir != null) {
            tree.put("data_dir", dataDir);
        }
        if (batchSize != null) {
            tree.put("batch_size", batchSize);
        }
        String source = ckpt + " (config)";
        RunConfig cfg = SpecReader.convert(tree, source, RunConfig.class);
        Node root = Resolver.resolve(state.spec(), state.modelSource());
        RunData data = RunData.load(cfg, source, state.spec(), root.in());
        if (part == RunData.Part.VAL && data.images(part) == null) {
            throw new BadInputException("--split val: the run held out no validation images (validation_split is 0)");
        }
        Network net = Network.build(root, info.precision(), cfg.seed(), state.spec().init());
        net.useThreads(threads != null ? threads : cfg.threads());
        Checkpoint.load(ckpt, net, null);
        Evaluation e = Evaluator.evaluate(net, data.evaluationLoader(part), state.spec().classes(), cfg.labelSmoothing());
        return new Result(ckpt, state.model(), state.epoch() + 1, data.dataset().name(), part, data.dataset().classNames(), e);
    }

    /** The part's name as {@code --split} and file names spell it. */
    public static String name(RunData.Part part) {
        return part.name().toLowerCase(Locale.ROOT);
    }
}
