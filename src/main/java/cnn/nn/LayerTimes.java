package cnn.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Wall time each primitive layer of a network spends in forward and backward, for profiling: give it to
 * {@link Network#build(cnn.spec.Node, org.nd4j.linalg.api.buffer.DataType, long, cnn.spec.ModelSpec.InitScheme,
 * LayerTimes)} and every primitive is wrapped in a stopwatch (one {@code System.nanoTime} pair per call; libnd4j
 * ops return when done, so the time is the op's). Combinators are not timed: their own work (a residual sum, a
 * concat copy) is what the step takes beyond the sum of the rows.
 */
public final class LayerTimes {
    /** One primitive layer: its path, its kind (`conv3x3`, `batch_norm`, ...) and the time since the last reset. */
    public record Row(String path, String kind, long forwardNanos, long backwardNanos, long forwardCalls,
            long backwardCalls) {}

    private final List<Timed> layers = new ArrayList<>();

    /** Forgets the time so far (after warm-up, say). */
    public void reset() {
        for (Timed t : layers) {
            t.forward = 0;
            t.backward = 0;
            t.forwardCalls = 0;
            t.backwardCalls = 0;
        }
    }

    /** Every timed layer in forward order. */
    public List<Row> rows() {
        return layers.stream().map(t -> new Row(t.path, t.kind, t.forward, t.backward, t.forwardCalls,
                t.backwardCalls)).toList();
    }

    Layer wrap(String path, String kind, Layer layer) {
        Timed t = new Timed(path, kind, layer);
        layers.add(t);
        return t;
    }

    private static final class Timed implements Layer {
        final String path;
        final String kind;
        final Layer layer;
        long forward;
        long backward;
        long forwardCalls;
        long backwardCalls;

        Timed(String path, String kind, Layer layer) {
            this.path = path;
            this.kind = kind;
            this.layer = layer;
        }

        @Override
        public INDArray forward(INDArray x, boolean training) {
            long t0 = System.nanoTime();
            INDArray y = layer.forward(x, training);
            forward += System.nanoTime() - t0;
            forwardCalls++;
            return y;
        }

        @Override
        public INDArray backward(INDArray dy) {
            return backward(dy, true);
        }

        @Override
        public INDArray backward(INDArray dy, boolean needInputGradient) {
            long t0 = System.nanoTime();
            INDArray dx = layer.backward(dy, needInputGradient);
            backward += System.nanoTime() - t0;
            backwardCalls++;
            return dx;
        }

        @Override
        public List<Param> params() {
            return layer.params();
        }
    }
}
