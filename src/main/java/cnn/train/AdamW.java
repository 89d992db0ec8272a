package cnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdamW (Loshchilov and Hutter, arXiv:1711.05101) as torch.optim.AdamW: decoupled weight decay
 * {@code p *= 1 - lr*wd} first, then the {@link Adam} update. As in PyTorch the decay is scaled by the scheduled
 * lr itself, where the paper uses a separate schedule multiplier.
 */
public record AdamW(double beta1, double beta2, double eps, double weightDecay) implements OptimizerConfig {
    public AdamW {
        AdamOptimizer.validate("adamw", beta1, beta2, eps, weightDecay);
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW() {
        this(0.9, 0.999, 1e-8, 0.01);
    }

    @Override
    public Optimizer create(INDArray params, INDArray grads) {
        return new AdamOptimizer(params, grads, beta1, beta2, eps, weightDecay, true);
    }
}
