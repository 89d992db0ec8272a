package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise activation: caches its input, owns its output and input-gradient buffers. */
abstract class Activation implements Layer {
    INDArray x;
    INDArray y;
    INDArray dx;

    /** y = f(x) into the preallocated {@code y}. */
    abstract void apply();

    /** dx = dy * f'(x) into the preallocated {@code dx}. */
    abstract void gradient(INDArray dy);

    /** Called when the input layout changes, after {@code y} and {@code dx} exist. */
    void allocated() {}

    @Override
    public final INDArray forward(INDArray x, boolean training) {
        boolean fresh = !Ops.sameLayout(x, this.x);
        this.x = x;
        if (fresh) {
            y = Ops.reuse(y, x.dataType(), x.shape());
            allocated();
        }
        apply();
        return y;
    }

    @Override
    public final INDArray backward(INDArray dy) {
        dx = Ops.reuse(dx, x.dataType(), x.shape()); // here, not in forward: inference never needs it
        gradient(dy);
        return dx;
    }

    /** y = the custom op {@code name} of x, with the given float arguments. */
    void op(String name, double... t) {
        Ops.exec(name, new INDArray[] {x}, new INDArray[] {y}, Ops.NO_INTS, t);
    }
}
