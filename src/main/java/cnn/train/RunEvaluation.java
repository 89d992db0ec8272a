package cnn.train;

import cnn.eval.Evaluation;
import cnn.eval.Evaluator;
import cnn.nn.Network;
import cnn.io.BadInputException;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** `cnn eval`: scores a run's checkpoint on a part of its data set, or on another data set. */
public final class RunEvaluation {
    private RunEvaluation() {}

    /** The outcome, with the class names and where the checkpoint came from. */
    public record Result(Path checkpoint, String model, int epoch, String dataset, String part, List<String> classNames,
            Evaluation evaluation) {}

    /**
     * `target` is a run directory (its `which` checkpoint: last or best) or a checkpoint file. `dataset` and
     * `dataDir` replace the run's when given; `part` is train, val or test.
     */
    public static Result evaluate(Path target, String which, String dataset, String dataDir, String part, Integer batchSize,
            Integer threads) {
        Path ckpt = Files.isDirectory(target) ? target.resolve(which.equals("best") ? Trainer.BEST : Trainer.LAST) : target;
        if (!which.equals("best") && !which.equals("last")) {
            throw new BadInputException("--checkpoint " + which + ": must be last or best");
        }
        Checkpoint.Header h = Checkpoint.header(ckpt);
        ObjectNode tree = h.config().deepCopy();
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
        RunData.Part p;
        try {
            p = RunData.Part.valueOf(part.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--split " + part + ": must be train, val or test");
        }
        Node root = Resolver.resolve(h.spec(), h.modelSource());
        RunData data = RunData.load(cfg, source, h.spec(), root.in());
        if (p == RunData.Part.VAL && data.images(p) == null) {
            throw new BadInputException("--split val: the run held out no validation images (validation_split is 0)");
        }
        Network net = Network.build(root, DataType.valueOf(h.dtype()), cfg.seed(), h.spec().init());
        net.useThreads(threads != null ? threads : cfg.threads());
        Checkpoint.load(ckpt, net.store().params(), net.store().buffers(), null);
        Evaluation e = Evaluator.evaluate(net, data.evaluationLoader(p), h.spec().classes(), cfg.labelSmoothing());
        return new Result(ckpt, h.model(), h.epoch() + 1, data.dataset.name(), p.name().toLowerCase(), data.dataset.classNames(), e);
    }
}
