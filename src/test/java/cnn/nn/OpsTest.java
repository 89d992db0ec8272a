package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OpsTest {
    /** 0, 1, 2, ... so every element names its position in the base buffer. */
    private static INDArray iota(long n) {
        return Nd4j.linspace(DataType.DOUBLE, 0, n, 1);
    }

    @Test
    void sliceOfAViewAtAnOffsetReachesItsLastElements() {
        INDArray w = Ops.view(iota(1000), 144, 12, 3, 3, 3); // like a conv weight that is not first in its store
        INDArray last = Ops.slice(w, 0, 9, 12);
        assertArrayEquals(new long[] {3, 3, 3, 3}, last.shape());
        assertEquals(144 + 9 * 27, last.getDouble(0, 0, 0, 0));
        assertEquals(144 + 12 * 27 - 1, last.getDouble(2, 2, 2, 2));
        last.putScalar(new long[] {0, 0, 0, 1}, -1.0);
        assertEquals(-1.0, w.getDouble(9, 0, 0, 1), "a view, not a copy");
    }

    @Test
    void stridedSliceTakesEveryStepThElement() {
        INDArray x = Ops.view(iota(100), 10, 1, 2, 5, 5);
        INDArray s = Ops.slice(Ops.slice(x, 2, 0, 5, 2), 3, 0, 5, 2); // x[:, :, ::2, ::2]
        assertArrayEquals(new long[] {1, 2, 3, 3}, s.shape());
        assertEquals(10 + 25 + 2 * 5 + 4, s.getDouble(0, 1, 1, 2));
        assertEquals(x.getDouble(0, 1, 4, 4), s.getDouble(0, 1, 2, 2));
    }

    @Test
    void sliceChecksBounds() {
        assertThrows(IndexOutOfBoundsException.class, () -> Ops.slice(Nd4j.zeros(DataType.FLOAT, 2, 4), 1, 3, 5));
    }

    @Test
    void expectNamesTheLayerAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.expect("Conv2d", Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 4), DataType.FLOAT, -1, 5, -1, -1));
        assertEquals("Conv2d expects [*,5,*,*] FLOAT input, got [2, 3, 4, 4] FLOAT", e.getMessage());
    }
}
