package cnn.nn.optim;

import static cnn.spec.FieldError.fraction;
import static cnn.spec.FieldError.positive;

import cnn.spec.FieldError;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with heavy-ball or Nesterov momentum (Sutskever et al., ICML 2013) and coupled L2
 * weight decay, as torch.optim.SGD with dampening 0: {@code g = grad + wd*p; buf = mu*buf + g (buf = g on step 1);
 * d = nesterov ? g + mu*buf : buf; p -= lr*d}. Unlike the paper's {@code v = mu*v - lr*g}, the lr stays outside
 * the buffer, which differs once the lr changes; PyTorch's form is kept so that runs match it.
 */
public record Sgd(Double lr, Double momentum, Boolean nesterov, Double weightDecay) implements OptimizerSpec {
    public Sgd {
        positive("lr", lr);
        momentum = fraction("momentum", momentum == null ? 0.0 : momentum, false);
        nesterov = nesterov != null && nesterov;
        weightDecay = fraction("weight_decay", weightDecay == null ? 0.0 : weightDecay, false);
        if (nesterov && momentum == 0) {
            throw new FieldError("nesterov", true, "needs momentum > 0");
        }
    }

    @Override
    public double defaultMomentum() {
        return momentum;
    }

    @Override
    public List<String> stateNames() {
        return List.of("momentum_buffer");
    }

    @Override
    public void update(Optimizer o, double lr, double momentum, long t) {
        INDArray buf = o.stateVector(0);
        INDArray g = o.grads;
        if (weightDecay > 0) {
            Optimizer.axpy(weightDecay, o.params, o.grads, o.temporary());
            g = o.temporary();
        }
        // PyTorch sets buf = g on step 1; buf starts at zero, so mu*0 + g gives exactly that.
        Optimizer.axpy(momentum, buf, g, buf);
        INDArray d = buf;
        if (nesterov) {
            Optimizer.axpy(momentum, buf, g, o.temporary());
            d = o.temporary();
        }
        Optimizer.axpy(-lr, d, o.params, o.params);
    }
}
