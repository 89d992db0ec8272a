package cnn.spec;

import java.util.List;

/**
 * One layer of a resolved model: where it sits (`path`, e.g. `layer2.0.conv1`), what the spec said
 * (`spec`), what computes it (`impl`: the primitive itself, or the combinator a block or classifier
 * stands for), its shapes, and its own or its subtree's counts. Pure data; no tensors.
 */
public record Node(String path, String name, String type, String specPath, LayerSpec spec, LayerSpec.Impl impl,
        Shape in, Shape out, long params, long buffers, long macs, long activations, List<Node> children) {

    public boolean leaf() {
        return children.isEmpty();
    }

    /** Nesting depth: 0 for the model, 1 for its layers, ... */
    public int depth() {
        return path.isEmpty() ? 0 : (int) path.chars().filter(ch -> ch == '.').count() + 1;
    }

    /** This node and all below it, parents before children. */
    public List<Node> flatten() {
        List<Node> all = new java.util.ArrayList<>();
        collect(all);
        return all;
    }

    private void collect(List<Node> all) {
        all.add(this);
        for (Node c : children) {
            c.collect(all);
        }
    }
}
