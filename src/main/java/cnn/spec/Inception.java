package cnn.spec;

import static cnn.spec.FieldError.positive;

import cnn.spec.LayerSpec.BatchNorm;
import cnn.spec.LayerSpec.Concat;
import cnn.spec.LayerSpec.Conv;
import cnn.spec.LayerSpec.MaxPool;
import cnn.spec.LayerSpec.Relu;
import cnn.spec.LayerSpec.Sequential;
import java.util.List;

/**
 * GoogLeNet's inception module (Szegedy et al., "Going Deeper with Convolutions", arXiv:1409.4842,
 * fig. 2b): 1x1 | 1x1 -> 3x3 | 1x1 -> 5x5 | 3x3 max pool -> 1x1, concatenated on channels.
 * Each convolution is followed by batch norm (eps `bn_eps`) and ReLU, as in torchvision (the paper
 * predates batch norm). `ch5x5_kernel` is 5 as in the paper; torchvision's GoogLeNet uses 3 there.
 * Names follow torchvision (`branch2.1.conv.weight`).
 */
public record Inception(String name, Integer ch1x1, Integer ch3x3Reduce, Integer ch3x3, Integer ch5x5Reduce,
        Integer ch5x5, Integer poolProj, Integer ch5x5Kernel, Double bnEps) implements Block {
    @Override
    public String prefix() {
        return "inception";
    }

    public Inception {
        positive("ch1x1", ch1x1);
        positive("ch3x3_reduce", ch3x3Reduce);
        positive("ch3x3", ch3x3);
        positive("ch5x5_reduce", ch5x5Reduce);
        positive("ch5x5", ch5x5);
        positive("pool_proj", poolProj);
        ch5x5Kernel = positive("ch5x5_kernel", ch5x5Kernel == null ? 5 : ch5x5Kernel);
        if (ch5x5Kernel % 2 == 0) {
            throw new FieldError("ch5x5_kernel", ch5x5Kernel, "must be odd so the branch keeps the spatial size");
        }
        bnEps = FieldError.within("bn_eps", bnEps == null ? 1e-5 : bnEps, 0, true, 1, false);
    }

    @Override
    public LayerSpec.Combinator expand(Shape in) {
        return new Concat(null, List.of(
                basicConv(ch1x1, 1),
                List.of(new Sequential("0", basicConv(ch3x3Reduce, 1)), new Sequential("1", basicConv(ch3x3, 3))),
                List.of(new Sequential("0", basicConv(ch5x5Reduce, 1)), new Sequential("1", basicConv(ch5x5, ch5x5Kernel))),
                List.of(new MaxPool("0", Size2.of(3), Size2.of(1), Size2.of(1), true),
                        new Sequential("1", basicConv(poolProj, 1)))));
    }

    /** torchvision's BasicConv2d: conv (no bias), batch norm, ReLU. */
    private List<LayerSpec> basicConv(int out, int kernel) {
        return List.of(Conv.of("conv", out, kernel, 1, false), new BatchNorm("bn", bnEps, null), new Relu("relu"));
    }
}
