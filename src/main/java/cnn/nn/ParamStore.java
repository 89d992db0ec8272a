package cnn.nn;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Owns all parameters, their gradients and the non-trainable state of one network, each in ONE flat
 * array, so an optimizer updates everything in one call and a checkpoint is one array per kind.
 *
 * <p>{@link #param} and {@link #buffer} hand out c-order views of the next free slice; values start
 * at zero (layers initialise them, see {@link Init}). Paths are unique across parameters and buffers.
 */
public final class ParamStore {
    private final DataType dtype;
    private final long seed;
    private final INDArray params;
    private final INDArray grads;
    private final INDArray buffers;
    private long paramsUsed;
    private long buffersUsed;
    private final Map<String, Param> paramsByPath = new LinkedHashMap<>();
    private final Map<String, INDArray> buffersByPath = new LinkedHashMap<>();

    public ParamStore(DataType dtype, long paramCapacity, long bufferCapacity, long seed) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("dtype must be FLOAT or DOUBLE, got " + dtype);
        }
        if (paramCapacity < 0 || bufferCapacity < 0) {
            throw new IllegalArgumentException("capacities must be >= 0");
        }
        this.dtype = dtype;
        this.seed = seed;
        this.params = Nd4j.zeros(dtype, paramCapacity);
        this.grads = Nd4j.zeros(dtype, paramCapacity);
        this.buffers = Nd4j.zeros(dtype, bufferCapacity);
    }

    public Param param(String path, long... shape) {
        long n = claim("parameter", params.length(), paramsUsed, path, shape);
        Param p = new Param(path, Ops.view(params, paramsUsed, shape), Ops.view(grads, paramsUsed, shape));
        paramsUsed += n;
        paramsByPath.put(path, p);
        return p;
    }

    public INDArray buffer(String path, long... shape) {
        long n = claim("buffer", buffers.length(), buffersUsed, path, shape);
        INDArray b = Ops.view(buffers, buffersUsed, shape);
        buffersUsed += n;
        buffersByPath.put(path, b);
        return b;
    }

    /** Flat view of all parameter values handed out so far. */
    public INDArray params() {
        return used(params, paramsUsed);
    }

    /** Flat view of all parameter gradients, aligned with {@link #params()}. */
    public INDArray grads() {
        return used(grads, paramsUsed);
    }

    /** Flat view of all non-trainable state (BN running statistics). */
    public INDArray buffers() {
        return used(buffers, buffersUsed);
    }

    public Map<String, Param> paramsByPath() {
        return Collections.unmodifiableMap(paramsByPath);
    }

    public Map<String, INDArray> buffersByPath() {
        return Collections.unmodifiableMap(buffersByPath);
    }

    public DataType dtype() {
        return dtype;
    }

    /** {@code prefix.name}, or just {@code name} for the empty prefix (a layer tested on its own). */
    public static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** A generator that depends only on (seed, path), so initial values do not depend on construction order. */
    public SplittableRandom rng(String path) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(mix64(seed) ^ mix64(h));
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Checks that {@code path} is new and {@code shape} fits; returns its element count. */
    private long claim(String kind, long capacity, long used, String path, long[] shape) {
        if (paramsByPath.containsKey(path) || buffersByPath.containsKey(path)) {
            throw new IllegalArgumentException("duplicate path '" + path + "'");
        }
        long n = 1;
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("'" + path + "': dimensions must be positive, got "
                        + Arrays.toString(shape));
            }
            n *= d;
        }
        if (used + n > capacity) {
            throw new IllegalStateException(kind + " capacity " + capacity + " exceeded by '" + path + "' "
                    + Arrays.toString(shape) + " (" + used + " already used)");
        }
        return n;
    }

    private static INDArray used(INDArray flat, long n) {
        return n == flat.length() ? flat : Ops.view(flat, 0, n);
    }
}
