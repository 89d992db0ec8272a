package cnn.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fully connected layer {@code y = x W^T + b}, PyTorch {@code nn.Linear} semantics: weight
 * {@code path.weight} {@code [out, in]}, bias {@code path.bias} {@code [out]}, input {@code [N, in]}.
 */
public final class Linear implements Layer {
    private final int in;
    private final int out;
    private final Param weight;
    private final Param bias;
    private final Backend backend;
    private INDArray x;
    private INDArray y;
    private INDArray dx;

    public Linear(ParamStore s, String path, int in, int out, boolean bias, Init init) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException(path + ": in and out must be positive");
        }
        this.in = in;
        this.out = out;
        this.weight = s.param(ParamStore.join(path, "weight"), out, in);
        this.bias = bias ? s.param(ParamStore.join(path, "bias"), out) : null;
        init.linear(s, weight, this.bias);
        this.backend = Backend.of(s.dtype());
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect("Linear", x, weight.value().dataType(), -1, in);
        if (!Ops.sameLayout(x, this.x)) {
            y = Ops.reuse(y, x.dataType(), x.size(0), out);
        }
        this.x = x;
        backend.gemm(x, weight.value(), y, false, true);
        if (bias != null) {
            backend.addBias(y, out, bias.value()); // a libnd4j broadcast costs ~40 us even on [64, 10]
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        dx = Ops.reuse(dx, x.dataType(), x.shape()); // here, not in forward: inference never needs it
        backend.gemm(dy, x, weight.grad(), true, false);
        if (bias != null) {
            backend.channelSums(dy, out, bias.grad());
        }
        backend.gemm(dy, weight.value(), dx, false, false);
        return dx;
    }

    @Override
    public List<Param> params() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }
}
