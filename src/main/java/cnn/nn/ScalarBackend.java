package cnn.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float64 backend: every operation as the plain loop of its definition, one element at a time, on Java copies of
 * the arrays. Nothing here is fast or clever, which is the point: the gradient checks run on it, and the float32 paths
 * of {@link CpuBackend} are tested against it.
 */
final class ScalarBackend implements Backend {
    static final ScalarBackend INSTANCE = new ScalarBackend();

    private ScalarBackend() {}

    /** The elements of {@code a} in c order (a copy). */
    static double[] values(INDArray a) {
        doubles(a);
        return a.dup('c').data().asDouble();
    }

    /** Writes {@code v} (c order) into {@code a}, which may be a view. */
    static void put(double[] v, INDArray a) {
        a.assign(Nd4j.create(v, a.shape(), 'c'));
    }

    private static void doubles(INDArray a) {
        if (a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("the scalar backend takes DOUBLE arrays, got " + a.dataType());
        }
    }

    private static void channelsOf(INDArray a, int channels) {
        if (channels < 1 || a.length() % channels != 0) {
            throw new IllegalArgumentException(a.length() + " elements are not a whole number of rows of " + channels
                    + " channels");
        }
    }

    private static void sameLength(INDArray a, INDArray b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("arrays of " + a.length() + " and " + b.length() + " elements");
        }
    }

    @Override
    public Convolution convolution(Convolution.Geometry g) {
        return new ScalarConvolution(g);
    }

    @Override
    public void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {
        long m = transA ? a.size(1) : a.size(0);
        long k = transA ? a.size(0) : a.size(1);
        long n = transB ? b.size(0) : b.size(1);
        if ((transB ? b.size(1) : b.size(0)) != k || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException("gemm: " + Arrays.toString(a.shape()) + (transA ? "^T" : "") + " x "
                    + Arrays.toString(b.shape()) + (transB ? "^T" : "") + " into " + Arrays.toString(c.shape()));
        }
        double[] av = values(a);
        double[] bv = values(b);
        double[] cv = new double[(int) (m * n)];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += av[(int) (transA ? p * m + i : i * k + p)] * bv[(int) (transB ? j * k + p : p * n + j)];
                }
                cv[(int) (i * n + j)] = s;
            }
        }
        put(cv, c);
    }

    @Override
    public void sumDeviations(INDArray x, int channels, double[] centre, boolean squared, double[] out) {
        channelsOf(x, channels);
        double[] v = values(x);
        Arrays.fill(out, 0, channels, 0);
        for (int i = 0; i < v.length; i++) {
            double d = v[i] - (centre == null ? 0 : centre[i % channels]);
            out[i % channels] += squared ? d * d : d;
        }
    }

    @Override
    public void sumProducts(INDArray dy, INDArray x, int channels, double[] centre, double[] sums, double[] products) {
        channelsOf(x, channels);
        sameLength(dy, x);
        double[] g = values(dy);
        double[] v = values(x);
        Arrays.fill(sums, 0, channels, 0);
        Arrays.fill(products, 0, channels, 0);
        for (int i = 0; i < v.length; i++) {
            sums[i % channels] += g[i];
            products[i % channels] += g[i] * (v[i] - centre[i % channels]);
        }
    }

    @Override
    public void affine(INDArray u, int channels, double[] centre, double[] scale, double[] shift, INDArray v,
            double[] vScale, boolean relu, INDArray out) {
        channelsOf(u, channels);
        sameLength(u, out);
        double[] a = values(u);
        double[] b = v == null ? null : values(v);
        if (b != null && b.length != a.length) {
            throw new IllegalArgumentException("arrays of " + a.length + " and " + b.length + " elements");
        }
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            int c = i % channels;
            double y = (a[i] - centre[c]) * scale[c] + shift[c] + (b == null ? 0 : b[i] * vScale[c]);
            r[i] = relu ? Math.max(y, 0) : y;
        }
        put(r, out);
    }

    @Override
    public void reluBackward(INDArray y, INDArray dy, INDArray dx) {
        sameLength(y, dy);
        sameLength(y, dx);
        double[] t = values(y);
        double[] g = values(dy);
        for (int i = 0; i < t.length; i++) {
            g[i] = t[i] > 0 ? g[i] : 0;
        }
        put(g, dx);
    }

    @Override
    public void tanhBackward(INDArray y, INDArray dy, INDArray dx) {
        sameLength(y, dy);
        sameLength(y, dx);
        double[] t = values(y);
        double[] g = values(dy);
        for (int i = 0; i < t.length; i++) {
            g[i] *= 1 - t[i] * t[i];
        }
        put(g, dx);
    }

    @Override
    public void read(INDArray a, double[] out) {
        if (a.length() != out.length) {
            throw new IllegalArgumentException("arrays of " + a.length() + " and " + out.length + " elements");
        }
        System.arraycopy(values(a), 0, out, 0, out.length);
    }

    @Override
    public void write(double[] in, INDArray a) {
        if (a.length() != in.length) {
            throw new IllegalArgumentException("arrays of " + a.length() + " and " + in.length + " elements");
        }
        doubles(a);
        put(in, a);
    }
}
