package cnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** The {@link Sgd} update, PyTorch's form with dampening 0 (lr outside the momentum buffer). */
final class SgdOptimizer extends Optimizer {
    private final double weightDecay;
    private final boolean nesterov;
    private final INDArray buf;
    // grad + wd*p, then the Nesterov direction; null when neither is needed
    private final INDArray tmp;

    SgdOptimizer(Sgd config, INDArray params, INDArray grads) {
        super(params, grads, List.of("momentum_buffer"), config.momentum(), "sgd momentum");
        this.weightDecay = config.weightDecay();
        this.nesterov = config.nesterov();
        this.buf = stateVector(0);
        this.tmp = weightDecay > 0 || nesterov ? newTemporary() : null;
    }

    @Override
    void update(double lr, double momentum, long t) {
        INDArray g = grads;
        if (weightDecay > 0) {
            axpy(weightDecay, params, grads, tmp);
            g = tmp;
        }
        // PyTorch sets buf = g on step 1; buf starts at zero, so mu*0 + g gives exactly that.
        axpy(momentum, buf, g, buf);
        INDArray d = buf;
        if (nesterov) {
            axpy(momentum, buf, g, tmp);
            d = tmp;
        }
        axpy(-lr, d, params, params);
    }
}
