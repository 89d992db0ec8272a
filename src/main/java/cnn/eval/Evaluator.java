package cnn.eval;

import cnn.data.Batch;
import cnn.data.BatchLoader;
import cnn.data.BatchStream;
import cnn.nn.Network;
import cnn.nn.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs a network in evaluation mode (batch-norm running statistics, no dropout) over a data set. */
public final class Evaluator {
    private Evaluator() {}

    public static Evaluation evaluate(Network net, BatchLoader loader, int classes, double labelSmoothing) {
        Evaluation e = new Evaluation(classes);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(labelSmoothing);
        try (BatchStream stream = loader.open(0)) {
            for (Batch b : stream.epoch(0)) {
                try (b) {
                    INDArray logits = net.forward(b.features(), false);
                    double l = loss.forward(logits, b.labels());
                    e.add(floats(logits), b.labels(), b.size(), l);
                }
            }
        }
        return e;
    }

    /** Logits as a row-major float array (a copy). */
    public static float[] floats(INDArray logits) {
        INDArray f = logits.dataType() == DataType.FLOAT ? logits : logits.castTo(DataType.FLOAT);
        return f.dup('c').data().asFloat();
    }
}
