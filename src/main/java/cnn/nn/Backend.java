package cnn.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the layers need from the machine, and nothing else: convolutions (forward, and backward to the input and the
 * weights), matrix products, and the per-channel and elementwise passes over channels-last maps (element {@code i} of
 * a map with {@code C} channels is in channel {@code i % C}). Layers hold no machine-specific code; they ask
 * {@link #of} for the backend of their data type.
 *
 * <p>Two implementations: {@link CpuBackend} for float32 (oneDNN, libnd4j and the Vector-API {@link Kernels}: what
 * training runs on) and {@link ScalarBackend} for float64 (plain loops, obviously right and slow: what the gradient
 * checks run on, and the reference the CPU paths are tested against). A CUDA backend (ND4J's {@code nd4j-cuda})
 * would implement this interface with cuDNN convolutions and cuBLAS products; pooling, dropout and the other
 * activations are libnd4j ops that nd4j-cuda already provides for device arrays.
 */
interface Backend {
    /** The backend for arrays of this type. */
    static Backend of(DataType dtype) {
        return switch (dtype) {
            case FLOAT -> CpuBackend.INSTANCE;
            case DOUBLE -> ScalarBackend.INSTANCE;
            default -> throw new IllegalArgumentException("no backend for " + dtype + " arrays");
        };
    }

    /**
     * A convolution with this geometry as one layer runs it: whatever the machine keeps per layer (primitives made
     * once per input shape, say) lives in it, and {@link Convolution#close()} frees it.
     */
    Convolution convolution(Convolution.Geometry g);

    /** {@code c = op(a) op(b)} for 2-D arrays (c-order views of contiguous buffers). */
    void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB);

    /** {@code out[c] = sum over channel c of (x - centre[c])}, squared if {@code squared}; centre null means 0. */
    void sumDeviations(INDArray x, int channels, double[] centre, boolean squared, double[] out);

    /** {@code sums[c] = sum over channel c of dy}, {@code products[c] = sum over channel c of dy (x - centre[c])}. */
    void sumProducts(INDArray dy, INDArray x, int channels, double[] centre, double[] sums, double[] products);

    /**
     * {@code out = (u - centre[c]) * scale[c] + shift[c]}, then {@code max(., 0)} if {@code relu}; with {@code v} not
     * null, {@code out = v * vScale[c] + (u - centre[c]) * scale[c] + shift[c]} (batch norm's backward).
     * {@code out} may be {@code u} or {@code v}.
     */
    void affine(INDArray u, int channels, double[] centre, double[] scale, double[] shift, INDArray v, double[] vScale,
            boolean relu, INDArray out);

    /** {@code dx = dy} where the ReLU output {@code y > 0}, else 0 (NaN gives 0); dx may be dy. */
    void reluBackward(INDArray y, INDArray dy, INDArray dx);

    /** {@code dx = dy (1 - y^2)} from the tanh output y; dx may be dy. */
    void tanhBackward(INDArray y, INDArray dy, INDArray dx);

    /** Copies the elements of contiguous {@code a} into {@code out}. */
    void read(INDArray a, double[] out);

    /** Writes {@code in} into contiguous {@code a}. */
    void write(double[] in, INDArray a);

    /** {@code out[c] = sum over channel c of x}: a bias gradient; {@code out} has {@code channels} elements. */
    default void channelSums(INDArray x, int channels, INDArray out) {
        double[] s = new double[channels];
        sumDeviations(x, channels, null, false, s);
        write(s, out);
    }

    /** {@code y += bias[c]} per channel, in place; {@code bias} has {@code channels} elements. */
    default void addBias(INDArray y, int channels, INDArray bias) {
        double[] b = new double[channels];
        read(bias, b);
        double[] one = new double[channels];
        java.util.Arrays.fill(one, 1);
        affine(y, channels, new double[channels], one, b, null, null, false, y);
    }

    /** {@code y = max(x, 0)}; y may be x. */
    default void relu(INDArray x, INDArray y) {
        affine(x, 1, new double[] {0}, new double[] {1}, new double[] {0}, null, null, true, y);
    }

    /** {@code out = a + b}, then {@code max(., 0)} if {@code relu}; out may be a or b. */
    default void add(INDArray a, INDArray b, boolean relu, INDArray out) {
        affine(a, 1, new double[] {0}, new double[] {1}, new double[] {0}, b, new double[] {1}, relu, out);
    }
}
