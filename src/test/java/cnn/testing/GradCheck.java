package cnn.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.nn.Layer;
import cnn.nn.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central-difference gradient check in float64: compares a layer's backward pass with
 * {@code (L(v + h) - L(v - h)) / 2h} for every element of the input and of every parameter, where
 * {@code L = sum(forward(x) * r)} for a fixed random {@code r}.
 */
public final class GradCheck {
    private static final double H = 1e-6;
    private static final double TOL = 1e-6;

    static {
        // thousands of forward calls on tiny arrays: worker threads only add hand-over cost, and on a
        // loaded 2-core machine spinning OpenMP threads make each op 10-100x slower
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }

    private GradCheck() {}

    /**
     * Checks {@code layer} at {@code x} (float64). {@code beforeForward} runs before every forward call
     * (e.g. to replay one dropout mask). Fails with the worst relative error per tensor.
     */
    public static void check(Layer layer, INDArray x, boolean training, Runnable beforeForward) {
        if (x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks run in float64");
        }
        beforeForward.run();
        INDArray y = layer.forward(x, training);
        INDArray r = randn(42, y.shape());
        INDArray dx = layer.backward(r).dup();
        List<INDArray> grads = new ArrayList<>();
        for (Param p : layer.params()) {
            grads.add(p.grad().dup());
        }
        DoubleSupplier loss = () -> {
            beforeForward.run();
            return Nd4j.getBlasWrapper().dot(layer.forward(x, training), r);
        };
        List<String> report = new ArrayList<>();
        boolean ok = compare("x", x, dx, loss, report);
        for (int i = 0; i < grads.size(); i++) {
            Param p = layer.params().get(i);
            ok &= compare(p.path(), p.value(), grads.get(i), loss, report);
        }
        assertTrue(ok, "gradient check failed: " + report);
    }

    public static void check(Layer layer, INDArray x, boolean training) {
        check(layer, x, training, () -> {});
    }

    /** Numeric gradient of {@code loss} with respect to every element of {@code v} (perturbed in place). */
    public static INDArray numeric(INDArray v, DoubleSupplier loss) {
        INDArray num = Nd4j.create(DataType.DOUBLE, v.shape());
        INDArray flat = num.reshape(num.length());
        for (long i = 0; i < v.length(); i++) {
            double orig = v.getDouble(i);
            v.putScalar(i, orig + H);
            double plus = loss.getAsDouble();
            v.putScalar(i, orig - H);
            double minus = loss.getAsDouble();
            v.putScalar(i, orig);
            flat.putScalar(i, (plus - minus) / (2 * H));
        }
        return num;
    }

    /** {@code max|a - b| / max|b|}, or {@code max|a - b|} where b is all zero. */
    public static double relativeError(INDArray a, INDArray b) {
        double scale = b.amaxNumber().doubleValue();
        double err = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        return scale == 0 ? err : err / scale;
    }

    private static boolean compare(String name, INDArray v, INDArray analytic, DoubleSupplier loss, List<String> report) {
        INDArray num = numeric(v, loss);
        double err = relativeError(analytic, num);
        report.add(String.format("%s %.2e", name, err));
        if (num.amaxNumber().doubleValue() == 0) {
            report.add(name + " has a zero gradient: the check would prove nothing");
            return false;
        }
        return err <= TOL;
    }

    /** float64 array of N(0, 1) values, deterministic in {@code seed}. */
    public static INDArray randn(long seed, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        INDArray flat = a.reshape(a.length());
        for (long i = 0; i < a.length(); i++) {
            flat.putScalar(i, rng.nextGaussian());
        }
        return a;
    }
}
