package cnn.spec;

import static cnn.spec.FieldError.positive;

import cnn.spec.LayerSpec.BatchNorm;
import cnn.spec.LayerSpec.Conv;
import cnn.spec.LayerSpec.Relu;
import cnn.spec.LayerSpec.Residual;
import java.util.List;

/**
 * ResNet's basic block (He et al., "Deep Residual Learning for Image Recognition", arXiv:1512.03385):
 * two 3x3 convolutions with batch norm, the first carrying the stride, added to a shortcut, then ReLU.
 */
public record BasicBlock(String name, Integer out, Integer stride, Block.Shortcut shortcut) implements Block.Strided {
    public BasicBlock {
        positive("out", out);
        stride = positive("stride", stride == null ? 1 : stride);
        shortcut = shortcut == null ? Block.Shortcut.PROJECTION : shortcut;
    }

    @Override
    public Block withStride(int s) {
        return new BasicBlock(name, out, s, shortcut);
    }

    @Override
    public LayerSpec.Combinator expand(Shape in) {
        List<LayerSpec> body = List.of(
                Conv.of("conv1", out, 3, stride, false), BatchNorm.of("bn1"), new Relu("relu1"),
                Conv.of("conv2", out, 3, 1, false), BatchNorm.of("bn2"));
        return new Residual(null, body, shortcut.layers(in, out, stride), LayerSpec.PostActivation.RELU);
    }
}
