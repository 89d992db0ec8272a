package cnn.nn.optim;

import cnn.spec.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation of optimizer hyper-parameters and buffers, and exact continuation from a saved state. */
class OptimizerTest {
    private static final int N = 37;

    static List<OptimizerSpec> configs() {
        return List.of(new Sgd(0.1, 0.9, false, 0.0), new Sgd(0.1, 0.9, true, 5e-4), new Adam(0.1, 0.9, 0.999, 1e-8, 1e-2),
                new AdamW(0.1, null, null, null, null));
    }

    /** A bad value is a {@link FieldError} (the run config's own vocabulary), shown as `field = value: problem`. */
    private static void assertRejects(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String shown = e instanceof FieldError f ? f.field() + " = " + f.value() + ": " + f.getMessage() : e.getMessage();
        assertTrue(shown.contains(message), () -> "expected '" + message + "' in: " + shown);
    }

    @Test
    void rejectsBadHyperParameters() {
        assertRejects("momentum = 1.0: must be in [0.0, 1.0)", () -> new Sgd(0.1, 1.0, false, 0.0));
        assertRejects("momentum = -0.1: must be in [0.0, 1.0)", () -> new Sgd(0.1, -0.1, false, 0.0));
        assertRejects("weight_decay = -1.0: must be in [0.0, 1.0)", () -> new Sgd(0.1, 0.9, false, -1.0));
        assertRejects("nesterov = true: needs momentum > 0", () -> new Sgd(0.1, 0.0, true, 0.0));
        assertRejects("lr = 0.0: must be positive", () -> new Sgd(0.0, 0.9, false, 0.0));
        assertRejects("beta1 = 1.0: must be in [0.0, 1.0)", () -> new Adam(0.1, 1.0, 0.999, 1e-8, 0.0));
        assertRejects("beta2 = NaN: must be in [0.0, 1.0)", () -> new Adam(0.1, 0.9, Double.NaN, 1e-8, 0.0));
        assertRejects("eps = -1.0E-8: must be positive", () -> new Adam(0.1, 0.9, 0.999, -1e-8, 0.0));
        assertRejects("weight_decay = Infinity: must be in [0.0, 1.0)",
                () -> new AdamW(0.1, 0.9, 0.999, 1e-8, Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsBadBuffers() {
        OptimizerSpec sgd = new Sgd(0.1, 0.9, false, 0.0);
        INDArray p = Nd4j.zeros(DataType.FLOAT, N);
        assertRejects("params must be a non-empty rank-1 FLOAT or DOUBLE array, got FLOAT of shape [1, 37]",
                () -> sgd.create(p.reshape(1, N), p));
        assertRejects("grads must be a non-empty rank-1 FLOAT or DOUBLE array, got INT of shape [37]",
                () -> sgd.create(p, Nd4j.zeros(DataType.INT32, N)));
        assertRejects("params and grads must have the same length and data type, got 37 FLOAT and 36 FLOAT",
                () -> sgd.create(p, Nd4j.zeros(DataType.FLOAT, N - 1)));
        assertRejects("params and grads must have the same length and data type, got 37 FLOAT and 37 DOUBLE",
                () -> sgd.create(p, Nd4j.zeros(DataType.DOUBLE, N)));
    }

    @Test
    void rejectsBadStepsAndStates() {
        Optimizer adam = new Adam(0.1, null, null, null, null).create(Nd4j.zeros(DataType.FLOAT, N), Nd4j.zeros(DataType.FLOAT, N));
        assertRejects("lr = -0.1: must be at least 0", () -> adam.step(-0.1));
        assertRejects("lr = NaN: must be at least 0", () -> adam.step(Double.NaN));
        assertRejects("momentum = 1.0: must be in [0.0, 1.0)", () -> adam.step(0.1, 1.0));
        assertEquals(0, adam.steps(), "a rejected step is not counted");
        assertRejects("saved state has 37 FLOAT values, this optimizer needs 74 FLOAT",
                () -> adam.restore(Nd4j.zeros(DataType.FLOAT, N), 1));
        assertRejects("saved state has 74 DOUBLE values, this optimizer needs 74 FLOAT",
                () -> adam.restore(Nd4j.zeros(DataType.DOUBLE, 2 * N), 1));
        assertRejects("saved steps = -1: must be at least 0", () -> adam.restore(adam.state().dup(), -1));
        assertRejects("no state 'momentum_buffer', this optimizer has [exp_avg, exp_avg_sq]",
                () -> adam.state("momentum_buffer"));
    }

    /** Runs steps [from, to) with seeded gradients, an lr that changes every step and a cycled momentum. */
    private static void run(Optimizer opt, INDArray grads, int from, int to) {
        for (int k = from; k < to; k++) {
            Random r = new Random(k);
            for (int i = 0; i < N; i++) grads.putScalar(i, r.nextGaussian());
            opt.step(0.01 * (1 + k % 3), 0.85 + 0.01 * k);
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void restoredOptimizerContinuesBitIdentically(OptimizerSpec config) {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            INDArray params = Nd4j.rand(type, N);
            INDArray grads = Nd4j.zeros(type, N);
            Optimizer straight = config.create(params, grads);
            run(straight, grads, 0, 4);
            INDArray savedState = straight.state().dup();
            INDArray savedParams = params.dup();
            long savedSteps = straight.steps();
            run(straight, grads, 4, 9);

            INDArray resumedGrads = Nd4j.zeros(type, N);
            Optimizer resumed = config.create(savedParams, resumedGrads);
            resumed.restore(savedState, savedSteps);
            savedState.assign(0);
            run(resumed, resumedGrads, 4, 9);

            assertEquals(9, resumed.steps());
            assertArrayEquals(params.toDoubleVector(), savedParams.toDoubleVector(), type + " params");
            assertArrayEquals(straight.state().toDoubleVector(), resumed.state().toDoubleVector(), type + " state");
        }
    }
}
