package cnn.spec;

import static cnn.spec.FieldError.positive;

import cnn.spec.LayerSpec.BatchNorm;
import cnn.spec.LayerSpec.Conv;
import cnn.spec.LayerSpec.DepthwiseConv;
import cnn.spec.LayerSpec.Relu6;
import cnn.spec.LayerSpec.Residual;
import cnn.spec.LayerSpec.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2's inverted residual (Sandler et al., arXiv:1801.04381): 1x1 expansion by `expand_ratio`
 * (left out when it is 1), 3x3 depthwise with the stride, linear 1x1 projection to `out`, each with batch
 * norm and ReLU6 but the last; added to the input when the stride is 1 and channels match.
 * Names follow torchvision (`conv.0.0.weight`, ..., `conv.2.weight`, `conv.3.weight`).
 */
public record InvertedResidual(String name, Integer expandRatio, Integer out, Integer stride) implements Block.Strided {
    public InvertedResidual {
        positive("expand_ratio", expandRatio);
        positive("out", out);
        stride = positive("stride", stride == null ? 1 : stride);
    }

    @Override
    public Block withStride(int s) {
        return new InvertedResidual(name, expandRatio, out, s);
    }

    @Override
    public LayerSpec.Combinator expand(Shape in) {
        int hidden = in.c() * expandRatio;
        List<LayerSpec> conv = new ArrayList<>();
        if (expandRatio != 1) {
            conv.add(new Sequential(null, List.of(Conv.of(null, hidden, 1, 1, false), BatchNorm.of(null), new Relu6(null))));
        }
        conv.add(new Sequential(null, List.of(DepthwiseConv.of(null, 3, stride), BatchNorm.of(null), new Relu6(null))));
        conv.add(Conv.of(null, out, 1, 1, false));
        conv.add(BatchNorm.of(null));
        Sequential body = new Sequential("conv", conv);
        return stride == 1 && in.c() == out
                ? new Residual(null, List.of(body), List.of(), LayerSpec.PostActivation.NONE)
                : new Sequential(null, List.of(body));
    }
}
