package cnn.spec;

import static cnn.spec.FieldError.positive;

import cnn.spec.LayerSpec.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * `repeat` copies of one block in sequence, named 0, 1, ... as torchvision's `layer1`: the first takes
 * the block's stride, the rest stride 1.
 */
public record Stage(String name, Integer repeat, LayerSpec block) implements Block {
    @Override
    public String prefix() {
        return "layer";
    }

    public Stage {
        positive("repeat", repeat);
        if (block == null) {
            throw new FieldError("block", null, "is required");
        }
        if (!(block instanceof Block) || block instanceof Stage) {
            throw new FieldError("block", block.type(), "must be a block kind: " + SealedTypes.names(LayerSpec.class,
                    k -> Block.class.isAssignableFrom(k) && k != Stage.class));
        }
        if (block.name() != null) {
            throw new FieldError("block", block.name(), "a repeated block cannot have a name: its copies are named 0, 1, ...");
        }
    }

    @Override
    public LayerSpec.Combinator expand(Shape in) {
        List<LayerSpec> blocks = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            blocks.add(block instanceof Block.Strided s && i > 0 ? s.withStride(1) : block);
        }
        return new Sequential(null, blocks);
    }
}
