package cnn.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Wall time each primitive layer of a network spends in forward and backward, for profiling: give it to
 * {@link Network#build(cnn.spec.Node, Precision, long, cnn.spec.ModelSpec.InitScheme, LayerTimes)} and every primitive
 * is timed (one {@code System.nanoTime} pair per call; libnd4j ops return when done, so the time is the op's).
 * Combinators are not timed: their own work (a residual sum, a concat copy) is what the step takes beyond the sum of
 * the rows. A batch norm folded into its convolution at evaluation takes no time of its own.
 */
public final class LayerTimes {
    /** One primitive layer: its path, its kind (`conv3x3`, `batch_norm`, ...) and the time since the last reset. */
    public record Row(String path, String kind, long forwardNanos, long backwardNanos, long forwardCalls,
            long backwardCalls) {}

    private final List<Timer> timers = new ArrayList<>();

    /** Forgets the time so far (after warm-up, say). */
    public void reset() {
        for (Timer t : timers) {
            t.forward = 0;
            t.backward = 0;
            t.forwardCalls = 0;
            t.backwardCalls = 0;
        }
    }

    /** Every timed layer in forward order. */
    public List<Row> rows() {
        return timers.stream().map(t -> new Row(t.path, t.kind, t.forward, t.backward, t.forwardCalls,
                t.backwardCalls)).toList();
    }

    /** The time of one layer, added to by whoever runs it. */
    static class Timer {
        /** Takes no time: for layers run without a {@link LayerTimes}. */
        static final Timer NONE = new Timer("", "") {
            @Override
            void forward(long nanos) {}

            @Override
            void backward(long nanos) {}
        };

        final String path;
        final String kind;
        long forward;
        long backward;
        long forwardCalls;
        long backwardCalls;

        Timer(String path, String kind) {
            this.path = path;
            this.kind = kind;
        }

        void forward(long nanos) {
            forward += nanos;
            forwardCalls++;
        }

        void backward(long nanos) {
            backward += nanos;
            backwardCalls++;
        }
    }

    /** A new row, in the order layers are built. */
    Timer timer(String path, String kind) {
        Timer t = new Timer(path, kind);
        timers.add(t);
        return t;
    }

    /** {@code layer} with its forward and backward timed into a new row. */
    Layer wrap(String path, String kind, Layer layer) {
        return new Timed(timer(path, kind), layer);
    }

    private record Timed(Timer timer, Layer layer) implements Layer {
        @Override
        public INDArray forward(INDArray x, boolean training) {
            long t0 = System.nanoTime();
            INDArray y = layer.forward(x, training);
            timer.forward(System.nanoTime() - t0);
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
            timer.backward(System.nanoTime() - t0);
            return dx;
        }

        @Override
        public List<Param> params() {
            return layer.params();
        }
    }
}
