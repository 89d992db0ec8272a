package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxCrossEntropyTest {
    @Test
    void hugeLogitsStayFiniteInFloat32() {
        INDArray logits = Nd4j.createFromArray(new float[][] {{1e4f, 0f, -1e4f}, {0f, 3e4f, -3e4f}});
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0);
        // row 0 picks its maximum (loss 0), row 1 a logit 3e4 below its maximum (loss 3e4)
        assertEquals(1.5e4, ce.forward(logits, new int[] {0, 0}), 1e-2);
        INDArray p = ce.probabilities();
        assertEquals(1.0, p.getDouble(0, 0));
        assertEquals(1.0, p.getDouble(1, 1));
        INDArray d = ce.backward();
        assertEquals(-0.5, d.getDouble(1, 0));
        assertEquals(0.5, d.getDouble(1, 1));
        assertEquals(0.0, d.getDouble(0, 0));
    }

    @Test
    void probabilitiesSumToOne() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0.1);
        ce.forward(Nd4j.rand(DataType.DOUBLE, 5, 7).muli(10), new int[] {0, 1, 2, 3, 6});
        INDArray sums = ce.probabilities().sum(1);
        assertEquals(Nd4j.ones(DataType.DOUBLE, 5), sums);
    }

    @Test
    void rejectsLabelsOutOfRange() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0);
        assertThrows(IllegalArgumentException.class, () -> ce.forward(Nd4j.zeros(DataType.FLOAT, 2, 3), new int[] {0, 3}));
        assertThrows(IllegalArgumentException.class, () -> ce.forward(Nd4j.zeros(DataType.FLOAT, 2, 3), new int[] {0}));
    }
}
