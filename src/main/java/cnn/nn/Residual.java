package cnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = body(x) + shortcut(x)}, optionally followed by ReLU (He et al., arXiv:1512.03385); a null
 * shortcut is the identity. The sum goes into this layer's own buffer, so neither branch's output nor
 * {@code x} is modified.
 */
public final class Residual implements Layer {
    private final Layer body;
    private final Layer shortcut;
    private final boolean reluAfterAdd;
    private final List<Param> params;
    private INDArray y;
    private INDArray g;
    private INDArray dx;

    public Residual(Layer body, Layer shortcut, boolean reluAfterAdd) {
        this.body = body;
        this.shortcut = shortcut;
        this.reluAfterAdd = reluAfterAdd;
        List<Param> p = new ArrayList<>(body.params());
        if (shortcut != null) {
            p.addAll(shortcut.params());
        }
        this.params = List.copyOf(p);
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        INDArray b = body.forward(x, training);
        INDArray s = shortcut == null ? x : shortcut.forward(x, training);
        if (!Ops.sameLayout(b, s)) {
            throw new IllegalArgumentException("Residual: body gives " + Arrays.toString(b.shape())
                    + " " + b.dataType() + ", shortcut gives " + Arrays.toString(s.shape()) + " " + s.dataType());
        }
        if (!Ops.sameLayout(b, y)) {
            y = Ops.reuse(y, b.dataType(), b.shape());
            g = reluAfterAdd ? Ops.reuse(g, b.dataType(), b.shape()) : null;
        }
        Backend.of(b.dataType()).add(b, s, reluAfterAdd, y);
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        INDArray gy = dy;
        if (reluAfterAdd) {
            ReLU.reluBackward(y, dy, g);
            gy = g;
        }
        INDArray db = body.backward(gy);
        INDArray ds = shortcut == null ? gy : shortcut.backward(gy);
        dx = Ops.reuse(dx, db.dataType(), db.shape());
        Backend.of(db.dataType()).add(db, ds, false, dx);
        return dx;
    }

    @Override
    public List<Param> params() {
        return params;
    }
}
