package cnn.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code [N, H, W, C] -> [N, C*H*W]} with column {@code c*H*W + h*W + w} ({@code torch.flatten(x, 1)} of the
 * NCHW map, so linear layers after it keep PyTorch's weight layout). The channels-last map is copied into
 * that order; with a 1x1 map, or for input that is not a map, forward and backward are reshapes (views).
 */
public final class Flatten implements Layer {
    private INDArray x;
    private INDArray y;
    private INDArray viewOf;     // the input y is a reshaped view of, or null when y is chw
    private INDArray chw;        // the map in NCHW order, when a copy is needed
    private INDArray dy;
    private INDArray dx;
    private INDArray dxMap;      // the gradient in channels-last order, likewise

    private static boolean copies(INDArray x) {
        return x.rank() == 4 && x.size(1) * x.size(2) > 1;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        this.x = x;
        long n = x.size(0);
        if (copies(x)) {
            INDArray buf = Ops.reuse(chw, x.dataType(), n, x.size(3), x.size(1), x.size(2));
            if (buf != chw || viewOf != null) {
                chw = buf;
                viewOf = null;
                y = chw.reshape('c', n, x.length() / n);
            }
            chw.assign(x.permute(0, 3, 1, 2));
        } else if (x != viewOf) {
            viewOf = x;
            y = x.reshape('c', n, x.length() / n);
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (copies(x)) {
            dxMap = Ops.reuse(dxMap, x.dataType(), x.shape());
            dxMap.assign(dy.reshape('c', x.size(0), x.size(3), x.size(1), x.size(2)).permute(0, 2, 3, 1));
            return dxMap;
        }
        if (dy != this.dy || !Arrays.equals(dx.shape(), x.shape())) {
            this.dy = dy;
            dx = dy.reshape('c', x.shape());
        }
        return dx;
    }
}
