package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A trainable tensor: {@code value} and {@code grad} are views into a {@link ParamStore}'s flat buffers. */
public record Param(String path, INDArray value, INDArray grad) {}
