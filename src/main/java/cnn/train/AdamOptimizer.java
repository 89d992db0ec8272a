package cnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** The {@link Adam} (coupled L2 weight decay) and {@link AdamW} (decoupled) update, PyTorch's form. */
final class AdamOptimizer extends Optimizer {
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final INDArray expAvg;
    private final INDArray expAvgSq;
    private final INDArray tmp;

    AdamOptimizer(INDArray params, INDArray grads, double beta1, double beta2, double eps, double weightDecay,
                  boolean decoupled) {
        super(params, grads, List.of("exp_avg", "exp_avg_sq"), beta1, decoupled ? "adamw beta1" : "adam beta1");
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.expAvg = stateVector(0);
        this.expAvgSq = stateVector(1);
        this.tmp = newTemporary();
    }

    /** The checks Adam and AdamW share, torch.optim's ranges. */
    static void validate(String name, double beta1, double beta2, double eps, double weightDecay) {
        Require.unitInterval(name + " beta1", beta1);
        Require.unitInterval(name + " beta2", beta2);
        Require.nonNegative(name + " eps", eps);
        Require.nonNegative(name + " weight_decay", weightDecay);
    }

    @Override
    void update(double lr, double beta1, long t) {
        INDArray g = grads;
        if (weightDecay > 0) {
            if (decoupled) {
                params.muli(1 - lr * weightDecay);
            } else {
                axpy(weightDecay, params, grads, tmp);
                g = tmp;
            }
        }
        expAvg.muli(beta1);
        axpy(1 - beta1, g, expAvg, expAvg);
        g.mul(g, tmp);
        expAvgSq.muli(beta2);
        axpy(1 - beta2, tmp, expAvgSq, expAvgSq);

        // PyTorch: p -= (lr/bc1) * m / (sqrt(v)/sqrt(bc2) + eps). Multiplying through by c = sqrt(bc2) gives
        // p -= (lr*c/bc1) * m / (sqrt(v) + eps*c): the same value up to rounding, one pass fewer.
        double bc1 = 1 - Math.pow(beta1, t);
        double c = Math.sqrt(1 - Math.pow(beta2, t));
        Nd4j.exec(new Sqrt(expAvgSq, tmp));
        tmp.addi(eps * c);
        expAvg.div(tmp, tmp);
        axpy(-lr * c / bc1, tmp, params, params);
    }
}
