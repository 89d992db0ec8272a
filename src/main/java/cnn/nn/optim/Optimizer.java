package cnn.nn.optim;

import cnn.spec.FieldError;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An {@link OptimizerSpec} bound to one flat parameter vector and the flat gradient vector of the same length,
 * updating every parameter in one {@link #step} call.
 *
 * <p>All its state (momentum buffer, Adam moments) is one flat array of the parameters' data type, so a
 * checkpoint is {@link #state()} plus {@link #steps()}, and {@link #restore} continues bit-identically.
 * The learning rate, and for OneCycle the momentum (SGD momentum, Adam beta1), are given per step.
 * Its one temporary is made on first use; a step only runs in-place ND4J element-wise ops.
 *
 * <p>ND4J's own updaters are not used: its {@code Nesterovs} keeps the lr inside the buffer (differs from
 * PyTorch as soon as the lr changes) and has no heavy-ball form, its {@code Adam} adds eps to the
 * uncorrected sqrt(v) (1e-3 off on the {@code optim_adam_tiny_grad} golden), and the fused
 * {@code adam_updater} op forms 1-beta in float32 (moments 1.3e-5 off).
 */
public final class Optimizer {
    private final OptimizerSpec spec;
    final INDArray params;
    final INDArray grads;
    private final long n;
    private final INDArray state;
    private INDArray temporary;
    private long steps;

    Optimizer(OptimizerSpec spec, INDArray params, INDArray grads) {
        requireFlat("params", params);
        requireFlat("grads", grads);
        if (params.length() != grads.length() || params.dataType() != grads.dataType()) {
            throw new IllegalArgumentException("params and grads must have the same length and data type, got "
                    + params.length() + " " + params.dataType() + " and " + grads.length() + " " + grads.dataType());
        }
        this.spec = spec;
        this.params = params;
        this.grads = grads;
        this.n = params.length();
        this.state = Nd4j.zeros(params.dataType(), spec.stateNames().size() * n);
    }

    private static void requireFlat(String what, INDArray a) {
        DataType t = a.dataType();
        if (a.rank() != 1 || a.length() == 0 || (t != DataType.FLOAT && t != DataType.DOUBLE)) {
            throw new IllegalArgumentException(what + " must be a non-empty rank-1 FLOAT or DOUBLE array, got "
                    + t + " of shape " + Arrays.toString(a.shape()));
        }
    }

    public OptimizerSpec spec() {
        return spec;
    }

    /** Updates the parameters in place with learning rate {@code lr} and the configured momentum / beta1. */
    public void step(double lr) {
        step(lr, spec.defaultMomentum());
    }

    /** Updates the parameters in place; {@code momentum} is SGD's momentum or Adam's beta1 for this step. */
    public void step(double lr, double momentum) {
        FieldError.nonNegative("lr", lr);
        FieldError.fraction("momentum", momentum, false);
        steps++;
        spec.update(this, lr, momentum, steps);
    }

    /** The number of steps taken, PyTorch's {@code state['step']}. */
    public long steps() {
        return steps;
    }

    /** PyTorch's names of the state vectors, in their order within {@link #state()}. */
    public List<String> stateNames() {
        return spec.stateNames();
    }

    /** The live view of state vector {@code name}, one of {@link #stateNames()}. */
    public INDArray state(String name) {
        int i = stateNames().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no state '" + name + "', this optimizer has " + stateNames());
        }
        return stateVector(i);
    }

    /**
     * The live state buffer, rank 1: the {@link #stateNames()} vectors one after the other, n values each
     * (SGD: momentum_buffer; Adam/AdamW: exp_avg, exp_avg_sq). The next step overwrites it: save or {@code dup()}
     * it before stepping on.
     */
    public INDArray state() {
        return state;
    }

    /** Continues from a saved {@link #state()} and {@link #steps()}, as if those steps had been taken here. */
    public void restore(INDArray savedState, long savedSteps) {
        if (savedState.length() != state.length() || savedState.dataType() != state.dataType()) {
            throw new IllegalArgumentException("saved state has " + savedState.length() + " " + savedState.dataType()
                    + " values, this optimizer needs " + state.length() + " " + state.dataType());
        }
        FieldError.atLeast("saved steps", savedSteps, 0);
        state.assign(savedState.reshape(state.length()));
        steps = savedSteps;
    }

    /** State vector {@code i} (length n) as a view of the flat state. */
    INDArray stateVector(int i) {
        return state.get(NDArrayIndex.interval(i * n, (i + 1) * n));
    }

    /** The one scratch vector of the parameters' length an update may use. */
    INDArray temporary() {
        if (temporary == null) {
            temporary = Nd4j.createUninitialized(params.dataType(), n);
        }
        return temporary;
    }

    /** {@code z = a*x + y} in one pass; z may be x or y. */
    static void axpy(double a, INDArray x, INDArray y, INDArray z) {
        Nd4j.exec(new Axpy(x, y, z, a));
    }
}
