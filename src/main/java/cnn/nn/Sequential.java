package cnn.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Layers applied in order; backward runs them in reverse. */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private final List<Param> params;

    public Sequential(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        List<Param> p = new ArrayList<>();
        for (Layer l : this.layers) {
            p.addAll(l.params());
        }
        this.params = List.copyOf(p);
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        for (Layer l : layers) {
            x = l.forward(x, training);
        }
        return x;
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    @Override
    public INDArray backward(INDArray dy, boolean needInputGradient) {
        for (int i = layers.size() - 1; i > 0; i--) {
            dy = layers.get(i).backward(dy);
        }
        return layers.get(0).backward(dy, needInputGradient);
    }

    @Override
    public List<Param> params() {
        return params;
    }
}
