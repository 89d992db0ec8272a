package cnn.nn.optim;

import cnn.spec.SealedTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A torch.optim optimizer, one record per kind that is at once its run-config entry ({@code optimizer: {type: sgd,
 * lr: 0.1, ...}}, validated in its constructor) and its update rule. The kinds are the records that implement this
 * interface ({@link SealedTypes}); {@link Optimizer} runs any of them over flat parameter and gradient buffers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
@JsonTypeIdResolver(SealedTypes.class)
public sealed interface OptimizerSpec permits Sgd, Adam, AdamW {
    /** The base learning rate of the schedule (OneCycle's maximum). */
    Double lr();

    /** The momentum (SGD's momentum, Adam's beta1) when the schedule does not cycle one. */
    double defaultMomentum();

    /** PyTorch's names of the state vectors, in their order within {@link Optimizer#state()}. */
    List<String> stateNames();

    /** One update of {@code o}'s parameters; {@code t} counts from 1 like PyTorch's step. */
    void update(Optimizer o, double lr, double momentum, long t);

    /** An optimizer over these flat buffers (rank 1, same length and data type) with zeroed state. */
    default Optimizer create(INDArray params, INDArray grads) {
        return new Optimizer(this, params, grads);
    }
}
