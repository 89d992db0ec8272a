package cnn.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The optimizer of a run config: hyper-parameters only; the learning rate comes from an {@link LrSchedule}. */
public sealed interface OptimizerConfig permits Sgd, Adam, AdamW {
    /** An optimizer over these flat buffers (rank 1, same length and data type) with zeroed state. */
    Optimizer create(INDArray params, INDArray grads);
}
