package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The kept contexts (one per thread, op and argument list) must follow every change of arrays and arguments. */
    @Test
    void execFollowsNewArraysArgumentsAndArrayCounts() {
        INDArray a = Nd4j.createFromArray(1.0, -2.0, 3.0);
        INDArray b = Nd4j.createFromArray(10.0, 20.0, 30.0);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, 3);
        Ops.broadcast("add", a, b, out);
        assertArrayEquals(new double[] {11, 18, 33}, out.toDoubleVector());
        INDArray out2 = Nd4j.zeros(DataType.DOUBLE, 3);
        Ops.broadcast("add", b, b, out2); // same op and arguments, other arrays
        assertArrayEquals(new double[] {20, 40, 60}, out2.toDoubleVector());
        assertArrayEquals(new double[] {11, 18, 33}, out.toDoubleVector(), "the first output is left alone");
        a.assign(Nd4j.createFromArray(0.0, 0.0, 1.0)); // same array, new contents
        Ops.broadcast("add", a, b, out);
        assertArrayEquals(new double[] {10, 20, 31}, out.toDoubleVector());

        // new views of one buffer at other offsets: the kept context takes the new arrays
        INDArray base = iota(6);
        Ops.broadcast("add", Ops.view(base, 0, 3), b, out);
        assertArrayEquals(new double[] {10, 21, 32}, out.toDoubleVector());
        Ops.broadcast("add", Ops.view(base, 3, 3), b, out);
        assertArrayEquals(new double[] {13, 24, 35}, out.toDoubleVector());
        Ops.broadcast("add", Ops.view(base, 0, 3), b, Ops.view(base, 3, 3)); // output a view of the same buffer
        assertArrayEquals(new double[] {0, 1, 2, 10, 21, 32}, base.toDoubleVector());

        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray y = Nd4j.createFromArray(new double[][] {{5, 6}, {7, 8}});
        INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 2);
        Ops.gemm(x, y, z, false, false);
        assertArrayEquals(new double[] {19, 22, 43, 50}, z.reshape(4).toDoubleVector());
        Ops.gemm(x, y, z, true, false); // other integer arguments, same arrays
        assertArrayEquals(new double[] {26, 30, 38, 44}, z.reshape(4).toDoubleVector());
        Ops.gemm(x, y, z, false, true);
        assertArrayEquals(new double[] {17, 23, 39, 53}, z.reshape(4).toDoubleVector());

        INDArray r = Nd4j.createFromArray(-1.0, 3.0, 9.0);
        INDArray ro = Nd4j.zeros(DataType.DOUBLE, 3);
        Ops.exec("relu6", new INDArray[] {r}, new INDArray[] {ro}, Ops.NO_INTS, 0.0);
        assertArrayEquals(new double[] {0, 3, 6}, ro.toDoubleVector());
    }

    @Test
    void execOnOtherThreadsKeepsItsOwnContexts() throws Exception {
        INDArray a = Nd4j.createFromArray(1.0, 2.0);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, 2);
        Ops.broadcast("multiply", a, a, out);
        INDArray b = Nd4j.createFromArray(3.0, 4.0);
        INDArray outB = Nd4j.zeros(DataType.DOUBLE, 2);
        Thread t = new Thread(() -> Ops.broadcast("multiply", b, b, outB));
        t.start();
        t.join();
        assertArrayEquals(new double[] {9, 16}, outB.toDoubleVector());
        Ops.broadcast("multiply", a, a, out);
        assertArrayEquals(new double[] {1, 4}, out.toDoubleVector());
    }

    @Test
    void execFailureNamesTheOpAndShapes() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 5);
        INDArray z = Nd4j.zeros(DataType.FLOAT, 2, 5);
        RuntimeException e = assertThrows(RuntimeException.class, () -> Ops.gemm(x, y, z, false, false));
        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Ops.exec("no_such_op", new INDArray[] {x}, new INDArray[] {z}, Ops.NO_INTS));
    }

    /**
     * libnd4j's op context keeps a reference to every buffer ever set on it until the context goes: a context kept
     * across calls must not keep buffers the caller has dropped (it did: 20 pairs of 16 MB arrays, 610 MB more). So a
     * kept context is reused for the same arrays and for new views of the same buffers (a layer's buffers, live
     * anyway), and arrays of any other buffer get a new context, the old one going with its handles.
     */
    @Test
    void aKeptContextNeverHoldsBuffersOtherThanItsOwn() {
        INDArray a = Nd4j.create(DataType.FLOAT, 64);
        INDArray z = Nd4j.create(DataType.FLOAT, 64);
        var first = Ops.context("add", new INDArray[] {a, a}, new INDArray[] {z}, Ops.NO_INTS);
        assertSame(first, Ops.context("add", new INDArray[] {a, a}, new INDArray[] {z}, Ops.NO_INTS), "same arrays");
        INDArray aView = Ops.view(a, 0, 64);
        INDArray zView = Ops.view(z, 0, 64);
        assertSame(first, Ops.context("add", new INDArray[] {aView, aView}, new INDArray[] {zView}, Ops.NO_INTS),
                "new views of the same buffers");
        INDArray b = Nd4j.create(DataType.FLOAT, 64);
        var other = Ops.context("add", new INDArray[] {b, b}, new INDArray[] {z}, Ops.NO_INTS);
        assertNotSame(first, other, "an array of another buffer: a new context, the old one (holding a) released");
        Ops.broadcast("add", b.assign(1), b, z);
        assertEquals(2.0, z.getDouble(63), "and the op runs on the new context");
    }
}
