package cnn.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * A named arrangement of primitives from the literature. A block holds no numeric code: it expands, at
 * a known input shape, into primitives and combinators whose children are named as in torchvision.
 */
public sealed interface Block extends LayerSpec
        permits Block.Strided, Inception, Stage {

    /** The combinator this block stands for at this input shape; its children are named relative to the block. */
    LayerSpec.Combinator expand(Shape in);

    @Override
    default <R> R accept(Categories<R> c) {
        return c.block(this);
    }

    /** Blocks with a stride, which a {@link Stage} gives to its first block only; named block1, block2, ... */
    sealed interface Strided extends Block permits BasicBlock, Bottleneck, InvertedResidual, DepthwiseSeparable {
        Integer stride();

        Block withStride(int stride);

        @Override
        default String prefix() {
            return "block";
        }
    }

    /** How a residual block matches shapes when its body changes them. */
    enum Shortcut {
        /** A 1x1 convolution with the block's stride, then batch norm (ResNet "option B"). */
        PROJECTION,
        /** Parameter-free subsampling with zero-padded channels (ResNet "option A", He et al.'s CIFAR nets). */
        OPTION_A;

        @JsonValue
        String json() {
            return name().toLowerCase();
        }

        /** The shortcut for a body that maps `in` to `out` channels with this stride; empty is the identity. */
        List<LayerSpec> layers(Shape in, int out, int stride) {
            if (stride == 1 && in.c() == out) {
                return List.of();
            }
            return switch (this) {
                case PROJECTION -> List.of(LayerSpec.Conv.of(null, out, 1, stride, false), LayerSpec.BatchNorm.of(null));
                case OPTION_A -> List.of(new LayerSpec.ShortcutA(null, out, stride));
            };
        }
    }
}
