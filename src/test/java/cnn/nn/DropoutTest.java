package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DropoutTest {
    private static INDArray ones(DataType t) {
        return Nd4j.ones(t, 20, 50, 10);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void dropsAboutPAndScalesTheRest(DataType t) {
        Dropout d = new Dropout(0.3, 1);
        INDArray y = d.forward(ones(t), true);
        long kept = y.neq(0).castTo(DataType.INT).sumNumber().longValue();
        double sigma = Math.sqrt(10_000 * 0.3 * 0.7);
        assertEquals(7_000, kept, 4 * sigma);
        assertEquals(kept / 0.7, y.sumNumber().doubleValue(), 1e-4 * kept); // float32 summation
        assertEquals(1 / 0.7, y.maxNumber().doubleValue(), 1e-6);
    }

    @Test
    void backwardUsesTheForwardMask() {
        Dropout d = new Dropout(0.5, 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 30).addi(1);
        INDArray y = d.forward(x, true).dup();
        INDArray dx = d.backward(Nd4j.ones(DataType.DOUBLE, 4, 30));
        assertEquals(y, x.mul(dx));
    }

    @Test
    void maskDependsOnlyOnSeedAndCallCount() {
        Dropout a = new Dropout(0.5, 9);
        INDArray first = a.forward(ones(DataType.FLOAT), true).dup();
        INDArray second = a.forward(ones(DataType.FLOAT), true).dup();
        assertEquals(2, a.calls());
        assertNotEquals(first, second);

        Dropout b = new Dropout(0.5, 9);
        b.setCalls(1);
        assertEquals(second, b.forward(ones(DataType.FLOAT), true));
        b.setCalls(0);
        assertEquals(first, b.forward(ones(DataType.FLOAT), true));
        assertNotEquals(first, new Dropout(0.5, 10).forward(ones(DataType.FLOAT), true));
    }

    @Test
    void evalIsTheIdentityAndDoesNotCount() {
        Dropout d = new Dropout(0.5, 1);
        INDArray x = ones(DataType.FLOAT);
        INDArray dy = ones(DataType.FLOAT);
        assertSame(x, d.forward(x, false));
        assertSame(dy, d.backward(dy));
        assertEquals(0, d.calls());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0})
    void extremeProbabilities(double p) {
        Dropout d = new Dropout(p, 1);
        INDArray x = ones(DataType.FLOAT);
        INDArray y = d.forward(x, true);
        assertEquals(p == 0 ? x.sumNumber().doubleValue() : 0.0, y.sumNumber().doubleValue());
    }
}
