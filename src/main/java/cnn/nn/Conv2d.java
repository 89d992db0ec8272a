package cnn.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D cross-correlation with PyTorch {@code nn.Conv2d} semantics (LeCun et al. 1998; groups as in
 * Krizhevsky et al. 2012 and Xie et al., ResNeXt, arXiv:1611.05431; depthwise as in Howard et al.,
 * MobileNets, arXiv:1704.04861): zero padding, no dilation,
 * {@code H_out = floor((H + 2ph - kh)/sh) + 1}. Maps are channels-last {@code [N, H, W, C]} (see {@link Layer}).
 *
 * <p>Parameters {@code path.weight} {@code [out, in/groups, kh, kw]} and {@code path.bias} {@code [out]} use PyTorch's
 * layout so state dicts load directly. The arithmetic is the {@link Backend}'s {@link Convolution} for the weights'
 * data type.
 */
public final class Conv2d implements Layer {
    private final Convolution.Geometry geometry;
    private final Param weight;
    private final Param bias;
    private final Convolution conv;
    private INDArray x;
    private INDArray y;
    private INDArray dx;

    public Conv2d(ParamStore s, String path, int in, int out, int kh, int kw, int sh, int sw, int ph, int pw,
            int groups, boolean bias, Init init) {
        try {
            this.geometry = new Convolution.Geometry(in, out, groups, new Window(kh, kw, sh, sw, ph, pw));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        this.weight = s.param(ParamStore.join(path, "weight"), out, in / groups, kh, kw);
        this.bias = bias ? s.param(ParamStore.join(path, "bias"), out) : null;
        init.conv(s, weight, this.bias);
        this.conv = Backend.of(s.dtype()).convolution(geometry);
    }

    Convolution.Geometry geometry() {
        return geometry;
    }

    Param weight() {
        return weight;
    }

    Param bias() {
        return bias;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        return forward(x, weight.value(), bias == null ? null : bias.value(), null);
    }

    /**
     * {@code conv(x, w) + b} with other weights than the layer's own (a batch norm folded in), into {@code into}, or
     * the layer's output buffer when null; {@link #backward} then belongs to this input.
     */
    INDArray forward(INDArray x, INDArray w, INDArray b, INDArray into) {
        Ops.expect("Conv2d", x, weight.value().dataType(), -1, -1, -1, geometry.in());
        if (!Ops.sameLayout(x, this.x)) {
            Window k = geometry.window();
            y = Ops.reuse(y, x.dataType(), x.size(0), k.outH(x.size(1), false), k.outW(x.size(2), false), geometry.out());
        }
        this.x = x;
        INDArray out = into != null ? into : y;
        conv.forward(x, w, b, out);
        return out;
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    @Override
    public INDArray backward(INDArray dy, boolean needInputGradient) {
        if (needInputGradient && !Ops.sameLayout(x, dx)) { // here, not in forward: inference never needs it
            dx = Ops.reuse(dx, x.dataType(), x.shape());
        }
        conv.backward(x, weight.value(), bias == null ? null : bias.value(), dy, needInputGradient ? dx : null,
                weight.grad(), bias == null ? null : bias.grad());
        return needInputGradient ? dx : null;
    }

    /** Backward forced to one path of the CPU convolution where it applies (tests). */
    Conv2d forceBackward(CpuConvolution.Path path) {
        ((CpuConvolution) conv).forceBackward(path);
        return this;
    }

    @Override
    public List<Param> params() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }
}
