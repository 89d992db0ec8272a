package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One convolution layer's view of the machine: maps are channels-last ({@code [N, H, W, C]}), weights PyTorch's
 * {@code [out, in/groups, kh, kw]}, and every output array is preallocated by the caller. Whatever the machine keeps
 * for the layer (primitives per input shape, group views) lives in the instance; {@link #close()} frees it.
 */
interface Convolution extends AutoCloseable {
    /** Channels in and out, groups and window of a convolution ({@code groups == in} is depthwise). */
    record Geometry(int in, int out, int groups, Window window) {
        public Geometry {
            if (in <= 0 || out <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
                throw new IllegalArgumentException("in " + in + " and out " + out + " must be positive and divisible by"
                        + " groups " + groups);
            }
        }

        boolean depthwise() {
            return groups > 1 && groups == in;
        }

        /** A 1x1 convolution with stride 1 and no padding: one matrix product over the channels. */
        boolean pointwise() {
            Window k = window;
            return groups == 1 && k.kh() == 1 && k.kw() == 1 && k.sh() == 1 && k.sw() == 1 && k.ph() == 0 && k.pw() == 0;
        }
    }

    /** {@code y = conv(x, w) + b}; {@code b} may be null. */
    void forward(INDArray x, INDArray w, INDArray b, INDArray y);

    /**
     * The weight gradient {@code dw}, the bias gradient {@code db} (null without a bias) and, unless {@code dx} is null
     * (the first layer's input gradient nobody reads), the input gradient, for output gradient {@code dy}; all
     * overwritten.
     */
    void backward(INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw, INDArray db);

    @Override
    default void close() {}
}
