package cnn.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch handed out by a {@link BatchStream}: float32 NCHW features and integer labels, held in buffers that the
 * loader reuses. The arrays stay valid until {@link #close()}, which hands the buffers back for the producer to refill;
 * anything that must outlive the batch (a layer caching its input past backward, say) takes a copy with
 * {@code features().dup()}.
 */
public final class Batch implements AutoCloseable {
    private final BatchStream stream;
    private final BatchLoader.Slot slot;
    private final int epoch;
    private final int index;
    private final boolean lastInEpoch;
    private boolean closed;

    Batch(BatchStream stream, BatchLoader.Slot slot, int epoch, int index, boolean lastInEpoch) {
        this.stream = stream;
        this.slot = slot;
        this.epoch = epoch;
        this.index = index;
        this.lastInEpoch = lastInEpoch;
    }

    /** [size, C, H, W] float32, normalised and augmented. */
    public INDArray features() {
        checkOpen();
        return slot.features;
    }

    /** Class index of each image, 0..numClasses-1; the loader's own array, read-only by contract. */
    public int[] labels() {
        checkOpen();
        return slot.labels;
    }

    /** Position of each image in the {@link ImageSet} it came from; the loader's own array, read-only by contract. */
    public int[] sampleIndices() {
        checkOpen();
        return slot.indices;
    }

    public int size() {
        return slot.size;
    }

    public int epoch() {
        return epoch;
    }

    /** Batch number within the epoch, from 0; (epoch, index + 1) is where a resumed run continues. */
    public int index() {
        return index;
    }

    public boolean lastInEpoch() {
        return lastInEpoch;
    }

    /** Hands the buffers back to the loader. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stream.release(slot);
        }
    }

    BatchLoader.Slot slot() {
        return slot;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("batch " + index + " of epoch " + epoch + " was closed; its buffers are being reused");
        }
    }
}
