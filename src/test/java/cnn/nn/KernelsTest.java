package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * Each backend's kernels (float32: the CPU backend's Vector-API kernels; float64: the scalar backend) against plain
 * element-by-element loops in double, for channel counts that do and do not divide the vector length (1, 3, 5, 16, 24,
 * 37, 100), row counts with and without a partial period, and on views that start inside their buffer (as the
 * data-parallel parts do).
 */
class KernelsTest {
    static Stream<Arguments> shapes() {
        return Stream.of(DataType.FLOAT, DataType.DOUBLE).flatMap(t -> Stream.of(
                Arguments.of(t, 1, 7), Arguments.of(t, 3, 50), Arguments.of(t, 5, 33), Arguments.of(t, 16, 64),
                Arguments.of(t, 24, 17), Arguments.of(t, 37, 9), Arguments.of(t, 100, 3), Arguments.of(t, 16, 3000)));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void channelSumsMatchLoops(DataType t, int channels, int rows) {
        INDArray x = view(t, rows, channels, 1);
        INDArray dy = view(t, rows, channels, 2);
        double[] centre = coefficients(channels, 3);
        double[] s = new double[channels];
        double[] q = new double[channels];
        double[] p = new double[channels];
        double[] g = new double[channels];
        Backend.of(t).sumDeviations(x, channels, null, false, s);
        Backend.of(t).sumDeviations(x, channels, centre, true, q);
        Backend.of(t).sumProducts(dy, x, channels, centre, g, p);
        for (int c = 0; c < channels; c++) {
            double ws = 0;
            double wq = 0;
            double wg = 0;
            double wp = 0;
            for (int m = 0; m < rows; m++) {
                double v = x.getDouble(m, c);
                double d = dy.getDouble(m, c);
                ws += v;
                wq += (v - centre[c]) * (v - centre[c]);
                wg += d;
                wp += d * (v - centre[c]);
            }
            close(t, ws, s[c], rows);
            close(t, wq, q[c], rows);
            close(t, wg, g[c], rows);
            close(t, wp, p[c], rows);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void elementwisePassesMatchLoops(DataType t, int channels, int rows) {
        INDArray u = view(t, rows, channels, 4);
        INDArray v = view(t, rows, channels, 5);
        double[] m = coefficients(channels, 6);
        double[] a = coefficients(channels, 7);
        double[] b = coefficients(channels, 8);
        double[] w = coefficients(channels, 9);
        for (boolean relu : new boolean[] {false, true}) {
            INDArray out = view(t, rows, channels, 10);
            Backend.of(t).affine(u, channels, m, a, b, null, null, relu, out);
            INDArray out2 = view(t, rows, channels, 11);
            Backend.of(t).affine(u, channels, m, a, b, v, w, relu, out2);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < channels; c++) {
                    double want = (u.getDouble(r, c) - m[c]) * a[c] + b[c];
                    double want2 = want + v.getDouble(r, c) * w[c];
                    close(t, relu ? Math.max(want, 0) : want, out.getDouble(r, c), 1);
                    close(t, relu ? Math.max(want2, 0) : want2, out2.getDouble(r, c), 1);
                }
            }
        }
        INDArray relu = view(t, rows, channels, 12);
        INDArray sum = view(t, rows, channels, 13);
        INDArray dRelu = view(t, rows, channels, 14);
        INDArray dTanh = view(t, rows, channels, 15);
        Backend.of(t).relu(u, relu);
        Backend.of(t).add(u, v, true, sum);
        Backend.of(t).reluBackward(u, v, dRelu);
        Backend.of(t).tanhBackward(u, v, dTanh);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                double x = u.getDouble(r, c);
                double g = v.getDouble(r, c);
                assertEquals(Math.max(x, 0), relu.getDouble(r, c), 0);
                close(t, Math.max(x + g, 0), sum.getDouble(r, c), 1);
                assertEquals(x > 0 ? g : 0, dRelu.getDouble(r, c), 0);
                close(t, g * (1 - x * x), dTanh.getDouble(r, c), 1);
            }
        }
    }

    /** Past 1 GiB the kernels cut arrays into chunks; here cut at 512 bytes (the buffer of a later chunk was wrong). */
    @ParameterizedTest
    @MethodSource("shapes")
    void chunkedArraysGiveTheSameResults(DataType t, int channels, int rows) {
        long saved = Kernels.chunkBytes;
        Kernels.chunkBytes = 512;
        try {
            channelSumsMatchLoops(t, channels, rows);
            elementwisePassesMatchLoops(t, channels, rows);
        } finally {
            Kernels.chunkBytes = saved;
        }
    }

    @Test
    void readAndWriteRoundTrip() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = view(t, 1, 11, 16);
            double[] in = coefficients(11, 17);
            Backend.of(t).write(in, a);
            double[] out = new double[11];
            Backend.of(t).read(a, out);
            for (int i = 0; i < 11; i++) {
                close(t, in[i], out[i], 1);
                assertEquals(out[i], a.getDouble(0, i), 0);
            }
        }
    }

    @Test
    void refusesWhatItCannotRead() {
        DataType t = DataType.FLOAT;
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6);
        double[] out = new double[4];
        assertThrows(IllegalArgumentException.class, () -> Backend.of(t).sumDeviations(x.transpose(), 4, null, false, out));
        assertThrows(IllegalArgumentException.class, () -> Backend.of(t).sumDeviations(x, 5, null, false, new double[5]));
        assertThrows(IllegalArgumentException.class,
                () -> Backend.of(t).relu(Nd4j.rand(DataType.FLOAT, 4, 6).castTo(DataType.HALF), x));
        assertThrows(IllegalArgumentException.class, () -> Backend.of(t).relu(x, Nd4j.rand(DataType.FLOAT, 4, 5)));
    }

    /** A [rows, channels] random view that starts 3 elements into a larger buffer. */
    private static INDArray view(DataType t, int rows, int channels, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray base = Nd4j.rand(t, (long) rows * channels + 5).subi(0.5).muli(4);
        return Ops.view(base, 3, rows, channels);
    }

    private static double[] coefficients(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextGaussian();
        }
        return c;
    }

    /** Within float or double rounding of sums of {@code terms} values of magnitude about 2. */
    private static void close(DataType t, double want, double got, int terms) {
        double eps = t == DataType.FLOAT ? 1e-6 : 1e-14;
        double tol = eps * 8 * Math.max(1, Math.sqrt(terms)) * Math.max(1, Math.abs(want)) + eps * 4 * terms;
        assertTrue(Math.abs(want - got) <= tol, "want " + want + ", got " + got + " (" + t + ", tolerance " + tol + ")");
    }
}
