package cnn.nn;

import cnn.data.Batch;
import cnn.data.BatchLoader;
import cnn.data.BatchStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs a network in evaluation mode (batch-norm running statistics, no dropout) over a data set. */
public final class Evaluator {
    private Evaluator() {}

    public static Evaluation evaluate(Network net, BatchLoader loader, int classes, double labelSmoothing) {
        Evaluation e = new Evaluation(classes);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(labelSmoothing);
        float[] scratch = new float[0];
        try (BatchStream stream = loader.open(0)) {
            for (Batch b : stream.epoch(0)) {
                try (b) {
                    INDArray logits = net.forward(b.features(), false);
                    double l = loss.forward(logits, b.labels());
                    scratch = floats(logits, scratch);
                    e.add(scratch, b.labels(), b.size(), l);
                }
            }
        }
        return e;
    }

    /**
     * Logits `[n, classes]` copied row-major into `into` (reused when large enough, so a training step
     * allocates no native array); returns the array written.
     */
    public static float[] floats(INDArray logits, float[] into) {
        int n = (int) logits.length();
        float[] out = into.length >= n ? into : new float[n];
        if (logits.dataType() == DataType.FLOAT && logits.ordering() == 'c' && logits.elementWiseStride() == 1) {
            java.nio.FloatBuffer all = logits.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            all.position((int) logits.offset());
            all.get(out, 0, n);
        } else {
            float[] copy = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(copy, 0, out, 0, n);
        }
        return out;
    }
}
