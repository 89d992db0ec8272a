package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import cnn.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Buffer reuse in float32 over every gradient-check case: same shape, same output array; a new batch size
 * gives what a fresh layer gives; inputs and upstream gradients are never modified.
 */
class LayerBuffersTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("cnn.nn.GradCheckTest#cases")
    void reusesBuffersAndReallocatesForANewBatchSize(GradCheckTest.Case c) {
        Layer used = c.layer(new ParamStore(DataType.FLOAT, 10_000, 1_000, 1));
        Layer fresh = c.layer(new ParamStore(DataType.FLOAT, 10_000, 1_000, 1));
        long[] big = c.shape().clone();
        big[0] += 2;
        INDArray xBig = input(c, 3, big);
        INDArray y = used.forward(xBig, c.training());
        used.backward(GradCheck.randn(4, y.shape()).castTo(DataType.FLOAT));
        assertSame(y, used.forward(xBig, c.training()), "same input shape must reuse the output buffer");

        INDArray x = input(c, 5, c.shape());
        INDArray xCopy = x.dup();
        INDArray ySmall = used.forward(x, c.training()).dup();
        INDArray dy = GradCheck.randn(6, ySmall.shape()).castTo(DataType.FLOAT);
        INDArray dyCopy = dy.dup();
        INDArray dx = used.backward(dy).dup();

        assertEquals(fresh.forward(x, c.training()), ySmall);
        assertEquals(fresh.backward(dy), dx);
        for (int i = 0; i < used.params().size(); i++) {
            assertEquals(fresh.params().get(i).grad(), used.params().get(i).grad(), used.params().get(i).path());
        }
        assertEquals(xCopy, x, "forward/backward must not modify the input");
        assertEquals(dyCopy, dy, "backward must not modify dy");
    }

    private static INDArray input(GradCheckTest.Case c, long seed, long[] shape) {
        return c.input().apply(GradCheck.randn(seed, shape)).castTo(DataType.FLOAT);
    }
}
