package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class InitTest {
    private static INDArray value(ParamStore s, String path) {
        return s.paramsByPath().get(path).value();
    }

    /** All values in [-bound, bound] and, for a large tensor, reaching close to it. */
    private static void assertUniform(INDArray v, double bound) {
        double max = v.amaxNumber().doubleValue();
        assertTrue(max <= bound, "max " + max + " > bound " + bound);
        assertTrue(max > 0.9 * bound, "max " + max + " far below bound " + bound);
        assertEquals(0, v.meanNumber().doubleValue(), 0.1 * bound);
    }

    @Test
    void pytorchDefaultConvIsUniformWithFanInOverGroups() {
        ParamStore s = new ParamStore(DataType.DOUBLE, 100_000, 0, 1);
        new Conv2d(s, "g", 64, 32, 3, 3, 1, 1, 1, 1, 4, true, Init.PYTORCH_DEFAULT);
        double bound = 1 / Math.sqrt(64 / 4 * 9);
        assertUniform(value(s, "g.weight"), bound);
        assertTrue(value(s, "g.bias").amaxNumber().doubleValue() <= bound);
        assertTrue(value(s, "g.bias").amaxNumber().doubleValue() > 0);
    }

    @Test
    void kaimingNormalConvUsesFanOutAndZeroBias() {
        ParamStore s = new ParamStore(DataType.DOUBLE, 200_000, 0, 1);
        new Conv2d(s, "c", 32, 128, 3, 3, 1, 1, 1, 1, 1, true, Init.KAIMING_NORMAL);
        new Conv2d(s, "dw", 128, 128, 3, 3, 1, 1, 1, 1, 128, true, Init.KAIMING_NORMAL);
        INDArray w = value(s, "c.weight");
        assertEquals(Math.sqrt(2.0 / (128 * 9)), w.stdNumber().doubleValue(), 0.02 * Math.sqrt(2.0 / (128 * 9)));
        assertEquals(0, w.meanNumber().doubleValue(), 0.002);
        assertEquals(0, value(s, "c.bias").amaxNumber().doubleValue());
        // torch's fan_out is weight.size(0) * kh * kw, not divided by groups
        assertEquals(Math.sqrt(2.0 / (128 * 9)), value(s, "dw.weight").stdNumber().doubleValue(),
                0.1 * Math.sqrt(2.0 / (128 * 9)));
    }

    @Test
    void linearKeepsPytorchDefaultUnderBothKinds() {
        for (Init init : Init.values()) {
            ParamStore s = new ParamStore(DataType.FLOAT, 100_000, 0, 3);
            new Linear(s, "fc", 400, 120, true, init);
            assertUniform(value(s, "fc.weight"), 1 / Math.sqrt(400));
            assertTrue(value(s, "fc.bias").amaxNumber().doubleValue() <= 1 / Math.sqrt(400));
        }
    }

    @Test
    void batchNormStartsAsIdentity() {
        ParamStore s = new ParamStore(DataType.FLOAT, 10, 10, 3);
        new BatchNorm2d(s, "bn", 3, 1e-5, 0.1);
        assertEquals(3.0, value(s, "bn.weight").sumNumber().doubleValue());
        assertEquals(0.0, value(s, "bn.bias").amaxNumber().doubleValue());
        assertEquals(0.0, s.buffersByPath().get("bn.running_mean").amaxNumber().doubleValue());
        assertEquals(3.0, s.buffersByPath().get("bn.running_var").sumNumber().doubleValue());
    }
}
