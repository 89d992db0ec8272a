package cnn.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer working on channels-last maps ({@code [N, H, W, C]}, the layout every layer here uses) run on
 * channels-first input ({@code [N, C, H, W]}, PyTorch's and the callers'): the input is copied into
 * channels-last order on the way in, and a map output and the input gradient back on the way out; other
 * ranks pass unchanged. oneDNN runs convolutions and pooling on channels-last maps directly, where NCHW
 * costs a reorder of the input and output on every call (two to three passes over each map per convolution).
 */
public final class ChannelsLast implements Layer {
    private final Layer inner;
    private INDArray x;
    private INDArray xLast;
    private INDArray out;
    private INDArray y;
    private INDArray dyLast;
    private INDArray dx;

    public ChannelsLast(Layer inner) {
        this.inner = inner;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        this.x = x;
        INDArray in = x;
        if (x.rank() == 4) {
            xLast = Ops.reuse(xLast, x.dataType(), x.size(0), x.size(2), x.size(3), x.size(1));
            xLast.assign(x.permute(0, 2, 3, 1));
            in = xLast;
        }
        out = inner.forward(in, training);
        if (out.rank() != 4) {
            return out;
        }
        y = Ops.reuse(y, out.dataType(), out.size(0), out.size(3), out.size(1), out.size(2));
        y.assign(out.permute(0, 3, 1, 2));
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    @Override
    public INDArray backward(INDArray dy, boolean needInputGradient) {
        INDArray g = dy;
        if (out.rank() == 4) {
            dyLast = Ops.reuse(dyLast, dy.dataType(), out.shape());
            dyLast.assign(dy.permute(0, 2, 3, 1));
            g = dyLast;
        }
        INDArray d = inner.backward(g, needInputGradient);
        if (d == null || x.rank() != 4) {
            return d;
        }
        dx = Ops.reuse(dx, d.dataType(), x.shape());
        dx.assign(d.permute(0, 3, 1, 2));
        return dx;
    }

    @Override
    public List<Param> params() {
        return inner.params();
    }
}
