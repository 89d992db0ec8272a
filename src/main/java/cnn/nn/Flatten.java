package cnn.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code [N, C, H, W] -> [N, C*H*W]} with column {@code c*H*W + h*W + w} ({@code torch.flatten(x, 1)}).
 * Forward and backward are reshapes: views, no copy, when the array is contiguous.
 */
public final class Flatten implements Layer {
    private INDArray x;
    private INDArray y;
    private INDArray dy;
    private INDArray dx;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x != this.x) {
            this.x = x;
            y = x.reshape('c', x.size(0), x.length() / x.size(0));
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (dy != this.dy || !Arrays.equals(dx.shape(), x.shape())) {
            this.dy = dy;
            dx = dy.reshape('c', x.shape());
        }
        return dx;
    }
}
