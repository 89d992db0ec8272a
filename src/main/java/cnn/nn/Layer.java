package cnn.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable network piece with a hand-written backward pass.
 *
 * <p>Contract shared by every implementation:
 * <ul>
 *   <li>{@code forward} may cache {@code x} (by reference) for {@code backward}; the caller must not
 *       change {@code x} until {@code backward} has run.</li>
 *   <li>The array {@code forward} returns belongs to the layer and is overwritten by its next
 *       {@code forward} call (buffers are reused while the input shape stays the same); copy it to keep it.
 *       Likewise the array {@code backward} returns is overwritten by the next {@code backward}.</li>
 *   <li>{@code backward(dy)} belongs to the most recent {@code forward}; it never modifies {@code dy},
 *       overwrites (does not accumulate) this layer's parameter gradients and returns dL/dx.</li>
 * </ul>
 */
public interface Layer {
    /**
     * x is a channels-last map {@code [N,H,W,C]} or {@code [N,F]}; {@link ChannelsLast} runs a layer on
     * {@code [N,C,H,W]} input.
     */
    INDArray forward(INDArray x, boolean training);

    /** Writes (overwrites) this layer's parameter gradients and returns dL/dx. */
    INDArray backward(INDArray dy);

    /**
     * As {@link #backward(INDArray)}; with {@code needInputGradient} false the caller will not read dL/dx (the
     * network's input), so a layer may skip computing it and return null: the first convolution's input gradient
     * costs as much as its forward pass.
     */
    default INDArray backward(INDArray dy, boolean needInputGradient) {
        return backward(dy);
    }

    /** Own parameters and those of children, in construction (state_dict) order. */
    default List<Param> params() {
        return List.of();
    }
}
