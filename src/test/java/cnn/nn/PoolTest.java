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
}
