package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ParamStoreTest {
    @Test
    void paramsAndGradsAreViewsIntoOneFlatBufferEach() {
        ParamStore s = new ParamStore(DataType.FLOAT, 20, 5, 0);
        Param a = s.param("a.weight", 2, 3);
        Param b = s.param("b.bias", 4);
        INDArray m = s.buffer("bn.running_mean", 3);
        assertArrayEquals(new long[] {2, 3}, a.value().shape());
        assertEquals(10, s.params().length());
        assertEquals(10, s.grads().length());
        assertEquals(3, s.buffers().length());

        a.value().putScalar(1, 2, 7.0);
        b.grad().putScalar(3, -1.5);
        m.putScalar(2, 4.0);
        assertEquals(7.0, s.params().getDouble(5));
        assertEquals(-1.5, s.grads().getDouble(9));
        assertEquals(4.0, s.buffers().getDouble(2));
        s.params().muli(2);
        assertEquals(14.0, a.value().getDouble(1, 2));
    }

    @Test
    void mapsKeepInsertionOrder() {
        ParamStore s = new ParamStore(DataType.DOUBLE, 100, 10, 0);
        for (String p : List.of("z", "a", "m")) {
            s.param(p, 2);
        }
        s.buffer("y", 1);
        s.buffer("b", 1);
        assertEquals(List.of("z", "a", "m"), List.copyOf(s.paramsByPath().keySet()));
        assertEquals(List.of("y", "b"), List.copyOf(s.buffersByPath().keySet()));
        assertEquals(DataType.DOUBLE, s.dtype());
    }

    @Test
    void capacityExceededNamesThePath() {
        ParamStore s = new ParamStore(DataType.FLOAT, 10, 2, 0);
        s.param("a", 8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.param("big", 3));
        assertTrue(e.getMessage().contains("big"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.buffer("stats", 3));
    }

    @Test
    void duplicatePathsAreRejectedAcrossParamsAndBuffers() {
        ParamStore s = new ParamStore(DataType.FLOAT, 10, 10, 0);
        s.param("a", 2);
        s.buffer("b", 2);
        assertThrows(IllegalArgumentException.class, () -> s.param("a", 2));
        assertThrows(IllegalArgumentException.class, () -> s.buffer("a", 2));
        assertThrows(IllegalArgumentException.class, () -> s.param("b", 2));
    }

    @Test
    void onlyFloatAndDouble() {
        assertThrows(IllegalArgumentException.class, () -> new ParamStore(DataType.HALF, 1, 1, 0));
    }

    @Test
    void initialValuesDependOnSeedAndPathNotOnConstructionOrder() {
        ParamStore s1 = new ParamStore(DataType.FLOAT, 1000, 0, 5);
        new Conv2d(s1, "a", 3, 4, 3, 3, 1, 1, 1, 1, 1, true, Init.PYTORCH_DEFAULT);
        new Linear(s1, "b", 10, 5, true, Init.PYTORCH_DEFAULT);
        ParamStore s2 = new ParamStore(DataType.FLOAT, 1000, 0, 5);
        new Linear(s2, "b", 10, 5, true, Init.PYTORCH_DEFAULT);
        new Conv2d(s2, "a", 3, 4, 3, 3, 1, 1, 1, 1, 1, true, Init.PYTORCH_DEFAULT);
        for (String p : s1.paramsByPath().keySet()) {
            assertEquals(s1.paramsByPath().get(p).value(), s2.paramsByPath().get(p).value(), p);
        }
        ParamStore other = new ParamStore(DataType.FLOAT, 1000, 0, 6);
        new Linear(other, "b", 10, 5, true, Init.PYTORCH_DEFAULT);
        assertNotEquals(s1.paramsByPath().get("b.weight").value(), other.paramsByPath().get("b.weight").value());
        assertNotEquals(s1.rng("a.weight").nextLong(), s1.rng("a.bias").nextLong());
    }
}
