package cnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with heavy-ball or Nesterov momentum (Sutskever et al., ICML 2013) and coupled L2
 * weight decay, as torch.optim.SGD with dampening 0: {@code g = grad + wd*p; buf = mu*buf + g (buf = g on step 1);
 * d = nesterov ? g + mu*buf : buf; p -= lr*d}. Unlike the paper's {@code v = mu*v - lr*g}, the lr stays outside
 * the buffer, which differs once the lr changes; PyTorch's form is kept so that runs match it.
 */
public record Sgd(double momentum, boolean nesterov, double weightDecay) implements OptimizerConfig {
    public Sgd {
        Require.unitInterval("sgd momentum", momentum);
        Require.nonNegative("sgd weight_decay", weightDecay);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("sgd nesterov needs momentum > 0");
    }

    @Override
    public Optimizer create(INDArray params, INDArray grads) {
        return new SgdOptimizer(this, params, grads);
    }
}
