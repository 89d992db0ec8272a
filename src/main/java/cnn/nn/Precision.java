package cnn.nn;

import org.nd4j.linalg.api.buffer.DataType;

/** The number type a network computes in: float32 for training and inference, float64 for the gradient checks. */
public enum Precision {
    FLOAT32(DataType.FLOAT),
    FLOAT64(DataType.DOUBLE);

    final DataType dtype;

    Precision(DataType dtype) {
        this.dtype = dtype;
    }

    /** The precision of ND4J's data type, as checkpoints name it ({@code FLOAT}, {@code DOUBLE}). */
    public static Precision of(String dtypeName) {
        for (Precision p : values()) {
            if (p.dtype.name().equals(dtypeName)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no precision for data type " + dtypeName);
    }

    /** ND4J's name of the data type ({@code FLOAT}, {@code DOUBLE}), as checkpoints record it. */
    public String dtypeName() {
        return dtype.name();
    }
}
