package cnn.spec;

import static cnn.spec.FieldError.positive;

import cnn.spec.LayerSpec.BatchNorm;
import cnn.spec.LayerSpec.Conv;
import cnn.spec.LayerSpec.Relu;
import cnn.spec.LayerSpec.Residual;
import java.util.List;

/**
 * ResNet's bottleneck block (He et al., arXiv:1512.03385): 1x1 reduce to `width`, 3x3, 1x1 expand to
 * `out`, each with batch norm, plus a shortcut, then ReLU. With `groups` > 1 the 3x3 is a grouped
 * convolution, which makes it ResNeXt's block (Xie et al., arXiv:1611.05431, form (c)).
 * Deviation from the paper, as torchvision's ResNet v1.5: the stride is on the 3x3, not the first 1x1.
 */
public record Bottleneck(String name, Integer width, Integer out, Integer stride, Integer groups,
        Block.Shortcut shortcut) implements Block.Strided {
    public Bottleneck {
        positive("width", width);
        positive("out", out);
        stride = positive("stride", stride == null ? 1 : stride);
        groups = positive("groups", groups == null ? 1 : groups);
        shortcut = shortcut == null ? Block.Shortcut.PROJECTION : shortcut;
        if (width % groups != 0) {
            throw new FieldError("groups", groups, "must divide width (" + width + ")");
        }
    }

    @Override
    public Block withStride(int s) {
        return new Bottleneck(name, width, out, s, groups, shortcut);
    }

    @Override
    public LayerSpec.Combinator expand(Shape in) {
        List<LayerSpec> body = List.of(
                Conv.of("conv1", width, 1, 1, false), BatchNorm.of("bn1"), new Relu("relu1"),
                new Conv("conv2", width, Size2.of(3), Size2.of(stride), null, groups, false), BatchNorm.of("bn2"),
                new Relu("relu2"),
                Conv.of("conv3", out, 1, 1, false), BatchNorm.of("bn3"));
        return new Residual(null, body, shortcut.layers(in, out, stride), LayerSpec.PostActivation.RELU);
    }
}
