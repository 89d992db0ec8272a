package cnn.nn.optim;

import static cnn.spec.FieldError.fraction;
import static cnn.spec.FieldError.positive;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, arXiv:1711.05101) as torch.optim.AdamW: decoupled weight decay
 * {@code p *= 1 - lr*wd} first, then the {@link Adam} update. As in PyTorch the decay is scaled by the scheduled
 * lr itself, where the paper uses a separate schedule multiplier.
 */
@JsonTypeName("adamw")
public record AdamW(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay) implements OptimizerSpec {
    public AdamW {
        positive("lr", lr);
        beta1 = fraction("beta1", beta1 == null ? 0.9 : beta1, false);
        beta2 = fraction("beta2", beta2 == null ? 0.999 : beta2, false);
        eps = positive("eps", eps == null ? 1e-8 : eps);
        weightDecay = fraction("weight_decay", weightDecay == null ? 0.01 : weightDecay, false);
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
        Adam.step(o, lr, beta1, beta2, eps, weightDecay, true, t);
    }
}
