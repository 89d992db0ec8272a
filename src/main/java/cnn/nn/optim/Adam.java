package cnn.nn.optim;

import static cnn.spec.FieldError.fraction;
import static cnn.spec.FieldError.positive;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba, arXiv:1412.6980) as torch.optim.Adam: weight decay is L2 added to the gradient, and eps is
 * added after bias-correcting sqrt(v): {@code p -= (lr/(1-b1^t)) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}.
 * The paper's Algorithm 1 adds eps the same way; its "more efficient" ordering (and ND4J's) does not.
 */
public record Adam(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay) implements OptimizerSpec {
    public Adam {
        positive("lr", lr);
        beta1 = fraction("beta1", beta1 == null ? 0.9 : beta1, false);
        beta2 = fraction("beta2", beta2 == null ? 0.999 : beta2, false);
        eps = positive("eps", eps == null ? 1e-8 : eps);
        weightDecay = fraction("weight_decay", weightDecay == null ? 0.0 : weightDecay, false);
    }

    @Override
    public double defaultMomentum() {
        return beta1;
    }

    @Override
    public List<String> stateNames() {
        return List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    public void update(Optimizer o, double lr, double beta1, long t) {
        step(o, lr, beta1, beta2, eps, weightDecay, false, t);
    }

    /** The update Adam (coupled L2 decay) and {@link AdamW} (decoupled) share, PyTorch's form. */
    static void step(Optimizer o, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean decoupled, long t) {
        INDArray params = o.params;
        INDArray expAvg = o.stateVector(0);
        INDArray expAvgSq = o.stateVector(1);
        INDArray tmp = o.temporary();
        INDArray g = o.grads;
        if (weightDecay > 0) {
            if (decoupled) {
                params.muli(1 - lr * weightDecay);
            } else {
                Optimizer.axpy(weightDecay, params, o.grads, tmp);
                g = tmp;
            }
        }
        expAvg.muli(beta1);
        Optimizer.axpy(1 - beta1, g, expAvg, expAvg);
        g.mul(g, tmp);
        expAvgSq.muli(beta2);
        Optimizer.axpy(1 - beta2, tmp, expAvgSq, expAvgSq);

        // PyTorch: p -= (lr/bc1) * m / (sqrt(v)/sqrt(bc2) + eps). Multiplying through by c = sqrt(bc2) gives
        // p -= (lr*c/bc1) * m / (sqrt(v) + eps*c): the same value up to rounding, one pass fewer.
        double bc1 = 1 - Math.pow(beta1, t);
        double c = Math.sqrt(1 - Math.pow(beta2, t));
        Nd4j.exec(new Sqrt(expAvgSq, tmp));
        tmp.addi(eps * c);
        expAvg.div(tmp, tmp);
        Optimizer.axpy(-lr * c / bc1, tmp, params, params);
    }
}
