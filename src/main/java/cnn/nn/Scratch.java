package cnn.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread temporaries that live only within one layer's forward or backward call (a transposed copy, say), shared
 * by all layers so that they cost one buffer per slot, the largest any layer asks for, not one per layer.
 * A caller must be done with a slot's array before any other layer can run.
 */
final class Scratch {
    static final int SLOTS = 7;
    private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);

    private final INDArray[] base = new INDArray[SLOTS];
    private final INDArray[] view = new INDArray[SLOTS];

    private Scratch() {}

    /** A c-order array of {@code shape} in slot {@code slot} of this thread, contents undefined. */
    static INDArray get(int slot, DataType dtype, long... shape) {
        return OF_THREAD.get().array(slot, dtype, shape);
    }

    private INDArray array(int slot, DataType dtype, long[] shape) {
        INDArray v = view[slot];
        if (v != null && v.dataType() == dtype && Arrays.equals(v.shape(), shape)) {
            return v;
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (base[slot] == null || base[slot].dataType() != dtype || base[slot].length() < n) {
            base[slot] = Nd4j.createUninitialized(dtype, n);
        }
        view[slot] = Ops.view(base[slot], 0, shape);
        return view[slot];
    }
}
