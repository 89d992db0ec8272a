package cnn.spec;

import static cnn.spec.FieldError.positive;

import cnn.spec.LayerSpec.BatchNorm;
import cnn.spec.LayerSpec.Conv;
import cnn.spec.LayerSpec.DepthwiseConv;
import cnn.spec.LayerSpec.Relu;
import cnn.spec.LayerSpec.Sequential;
import java.util.List;

/**
 * MobileNet's depthwise-separable convolution (Howard et al., arXiv:1704.04861, fig. 3): 3x3 depthwise
 * with the stride, batch norm, ReLU (`dw.*`), then 1x1 pointwise to `out`, batch norm, ReLU (`pw.*`).
 */
public record DepthwiseSeparable(String name, Integer out, Integer stride) implements Block.Strided {
    public DepthwiseSeparable {
        positive("out", out);
        stride = positive("stride", stride == null ? 1 : stride);
    }

    @Override
    public Block withStride(int s) {
        return new DepthwiseSeparable(name, out, s);
    }

    @Override
    public LayerSpec.Combinator expand(Shape in) {
        return new Sequential(null, List.of(
                new Sequential("dw", List.of(DepthwiseConv.of(null, 3, stride), BatchNorm.of(null), new Relu(null))),
                new Sequential("pw", List.of(Conv.of(null, out, 1, 1, false), BatchNorm.of(null), new Relu(null)))));
    }
}
