package cnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba, arXiv:1412.6980) as torch.optim.Adam: weight decay is L2 added to the gradient, and eps is
 * added after bias-correcting sqrt(v): {@code p -= (lr/(1-b1^t)) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}.
 * The paper's Algorithm 1 adds eps the same way; its "more efficient" ordering (and ND4J's) does not.
 */
public record Adam(double beta1, double beta2, double eps, double weightDecay) implements OptimizerConfig {
    public Adam {
        AdamOptimizer.validate("adam", beta1, beta2, eps, weightDecay);
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam() {
        this(0.9, 0.999, 1e-8, 0);
    }

    @Override
    public Optimizer create(INDArray params, INDArray grads) {
        return new AdamOptimizer(params, grads, beta1, beta2, eps, weightDecay, false);
    }
}
