package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Pooling semantics that are easy to get wrong: padding values, divisors and PyTorch's ceil-mode size. */
class PoolTest {
    private static Layer nchw(Layer pool) {
        return new ChannelsLast(pool);
    }

    @Test
    void maxPoolPaddingNeverWins() {
        INDArray negative = Nd4j.rand(DataType.FLOAT, 1, 2, 5, 5).subi(2);
        assertTrue(nchw(new MaxPool2d(3, 3, 2, 2, 1, 1, false)).forward(negative, true).maxNumber().doubleValue() < -1);
        INDArray negative6 = Nd4j.rand(DataType.FLOAT, 1, 2, 6, 6).subi(2);
        assertTrue(nchw(new MaxPool2d(3, 3, 2, 2, 1, 1, true)).forward(negative6, true).maxNumber().doubleValue() < -1);
    }

    @Test
    void avgPoolDivisors() {
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, 1, 4, 4);
        assertEquals(Nd4j.ones(DataType.DOUBLE, 1, 1, 4, 4), nchw(new AvgPool2d(3, 3, 1, 1, 1, 1, false, false)).forward(ones, true));
        INDArray incl = nchw(new AvgPool2d(3, 3, 1, 1, 1, 1, false, true)).forward(ones, true);
        assertEquals(4.0 / 9, incl.getDouble(0, 0, 0, 0), 1e-15);
        assertEquals(6.0 / 9, incl.getDouble(0, 0, 0, 1), 1e-15);
        assertEquals(1.0, incl.getDouble(0, 0, 1, 1), 1e-15);
        // ceil mode, H = W = 5, k 2 s 2: the last window covers one real cell and hangs past the edge;
        // PyTorch clips it to [-p, H + p) = [0, 5), so even count_include_pad divides by 1 cell, not 4
        INDArray ceil = nchw(new AvgPool2d(2, 2, 2, 2, 0, 0, true, true)).forward(Nd4j.ones(DataType.DOUBLE, 1, 1, 5, 5), true);
        assertEquals(Nd4j.ones(DataType.DOUBLE, 1, 1, 3, 3), ceil);
    }

    @ParameterizedTest(name = "H {0} k {1} s {2} p {3}: floor {4}, ceil {5}")
    @CsvSource({"8,3,2,0,3,4", "7,3,2,1,4,4", "6,2,2,0,3,3", "5,2,2,1,3,3", "6,3,2,1,3,4", "9,3,2,1,5,5"})
    void outputSizes(int h, int k, int s, int p, int floor, int ceil) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 1, h, h);
        assertArrayEquals(new long[] {1, 1, floor, floor}, nchw(new MaxPool2d(k, k, s, s, p, p, false)).forward(x, true).shape());
        assertArrayEquals(new long[] {1, 1, ceil, ceil}, nchw(new MaxPool2d(k, k, s, s, p, p, true)).forward(x, true).shape());
    }

    /**
     * Max-pool backward (oneDNN for float, libnd4j's loops for double) against a plain reference of PyTorch's rule:
     * the first cell of the window, row by row, holding the maximum gets the gradient, which adds up over
     * overlapping windows. Inputs take 3 values only, so most windows hold ties.
     */
    @ParameterizedTest
    @CsvSource({"2,2,2,2,0,0,false,6,FLOAT", "2,2,2,2,0,0,false,3,DOUBLE", "3,3,2,2,1,1,false,5,FLOAT",
        "3,3,2,2,0,0,true,1,FLOAT", "3,2,2,1,1,0,true,7,DOUBLE", "3,3,1,1,1,1,false,6,FLOAT", "2,2,2,2,0,0,false,16,DOUBLE"})
    void maxPoolBackwardGivesEachGradientToTheFirstMaximum(int kh, int kw, int sh, int sw, int ph, int pw,
            boolean ceil, int c, DataType dtype) {
        int n = 2;
        int h = 7;
        int w = 6;
        Nd4j.getRandom().setSeed(kh * 100 + c);
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, h, w, c).muli(3).castTo(DataType.INT32).castTo(dtype); // 0, 1, 2
        MaxPool2d pool = new MaxPool2d(kh, kw, sh, sw, ph, pw, ceil);
        INDArray y = pool.forward(x, true);
        INDArray dy = Nd4j.rand(dtype, y.shape()).addi(1);
        INDArray dx = pool.backward(dy);

        Window k = new Window(kh, kw, sh, sw, ph, pw);
        double[] want = new double[(int) x.length()];
        for (int i = 0; i < n; i++) {
            for (int oy = 0; oy < y.size(1); oy++) {
                for (int ox = 0; ox < y.size(2); ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int r = oy * k.sh() - k.ph(); r < oy * k.sh() - k.ph() + k.kh(); r++) {
                            for (int q = ox * k.sw() - k.pw(); q < ox * k.sw() - k.pw() + k.kw(); q++) {
                                if (r >= 0 && r < h && q >= 0 && q < w && (at < 0 || x.getDouble(i, r, q, ch) > best)) {
                                    best = x.getDouble(i, r, q, ch);
                                    at = ((i * h + r) * w + q) * c + ch;
                                }
                            }
                        }
                        assertEquals(best, y.getDouble(i, oy, ox, ch), 0.0, "forward");
                        want[at] += dy.getDouble(i, oy, ox, ch);
                    }
                }
            }
        }
        assertArrayEquals(want, dx.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector(), dtype == DataType.FLOAT ? 1e-4 : 1e-12);
    }
}
