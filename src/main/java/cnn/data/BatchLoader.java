package cnn.data;

import java.nio.FloatBuffer;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns an {@link ImageSet} into batches of float32 NCHW features and int labels. The order of epoch {@code e} is a
 * permutation fixed by (seed, e); the augmentation of a sample is fixed by (seed, e, sample index). Batches are
 * prepared on a background thread by {@link #open}; this class itself holds no threads or buffers.
 *
 * <pre>{@code
 * BatchLoader loader = new BatchLoader(train, LoaderOptions.training(128, seed, spec.stats(), Augmentation.CIFAR));
 * try (BatchStream stream = loader.open(startEpoch, startBatch, epochs)) {
 *     for (int epoch = startEpoch; epoch < epochs; epoch++) {
 *         for (Batch batch : stream.epoch(epoch)) {
 *             try (batch) {
 *                 model.trainStep(batch.features(), batch.labels());
 *             }
 *         }
 *     }
 * }
 * }</pre>
 */
public final class BatchLoader {
    private final ImageSet images;
    private final LoaderOptions options;
    private final SampleWriter writer;
    private final float[] table;

    /** Writes one sample as normalised CHW floats; the seam where tests inject failures. */
    @FunctionalInterface
    interface SampleWriter {
        void write(ImageSet images, int index, long key, float[] table, float[] dst, int offset);
    }

    public BatchLoader(ImageSet images, LoaderOptions options) {
        this(images, options, options.augmentation()::write);
    }

    BatchLoader(ImageSet images, LoaderOptions options, SampleWriter writer) {
        this.images = Objects.requireNonNull(images, "images");
        this.options = Objects.requireNonNull(options, "options");
        this.writer = writer;
        if (options.normalization().channels() != images.channels()) {
            throw new IllegalArgumentException("normalization has " + options.normalization().channels()
                    + " channels, images have " + images.channels());
        }
        if (images.size() == 0 || (options.dropLast() && images.size() < options.batchSize())) {
            throw new IllegalArgumentException(images.size() + " images give no batch of " + options.batchSize()
                    + (options.dropLast() ? " with dropLast" : ""));
        }
        this.table = options.normalization().lookupTable();
    }

    /** In stored order, no augmentation, the last partial batch kept. */
    public static BatchLoader evaluation(ImageSet images, int batchSize, Normalization normalization) {
        return new BatchLoader(images, LoaderOptions.evaluation(batchSize, normalization));
    }

    public ImageSet images() {
        return images;
    }

    public LoaderOptions options() {
        return options;
    }

    /** Images per epoch, counting only whole batches when {@code dropLast}. */
    public int samplesPerEpoch() {
        return options.dropLast() ? batchesPerEpoch() * options.batchSize() : images.size();
    }

    public int batchesPerEpoch() {
        int n = images.size();
        int b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /** Number of images in batch {@code index} of an epoch. */
    public int batchSize(int index) {
        return Math.min(options.batchSize(), images.size() - index * options.batchSize());
    }

    /** The order in which epoch {@code epoch} visits the images: a seeded permutation, or stored order. */
    public int[] order(int epoch) {
        if (!options.shuffle()) {
            int[] identity = new int[images.size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return identity;
        }
        return Seeds.permutation(images.size(), Seeds.key(options.seed(), Seeds.SHUFFLE, epoch, 0));
    }

    /**
     * Starts a producer thread that prepares batches from (startEpoch, startBatch) up to, not including, epoch
     * {@code endEpoch}. A checkpoint taken after batch (e, i) resumes with {@code open(e, i + 1, ...)}; {@code startBatch}
     * may equal {@link #batchesPerEpoch()}, meaning the next epoch.
     */
    public BatchStream open(int startEpoch, int startBatch, int endEpoch) {
        if (startEpoch < 0 || endEpoch < startEpoch || startBatch < 0 || startBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException("cannot start at epoch " + startEpoch + ", batch " + startBatch
                    + " and end before epoch " + endEpoch + " with " + batchesPerEpoch() + " batches per epoch");
        }
        return new BatchStream(this, startEpoch, startBatch, endEpoch);
    }

    /** One whole epoch. */
    public BatchStream open(int epoch) {
        return open(epoch, 0, epoch + 1);
    }

    /**
     * Images per second the producer prepares (scaled to float, normalised and augmented into a batch) when the
     * consumer takes batches as fast as it can; {@code batches} batches are timed after two of warm-up.
     */
    public Throughput measureThroughput(int batches) {
        try (BatchStream stream = open(0, 0, Integer.MAX_VALUE)) {
            for (int i = 0; i < 2; i++) {
                stream.next().close();
            }
            long images = 0;
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                try (Batch batch = stream.next()) {
                    images += batch.size();
                }
            }
            return new Throughput(images, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Fills a slot with batch {@code index} of {@code epoch}, visiting images in {@code order}. */
    void fill(Slot slot, int[] order, int index, int epoch) {
        int from = index * options.batchSize();
        int imageSize = images.imageSize();
        for (int i = 0; i < slot.size; i++) {
            int sample = order[from + i];
            slot.labels[i] = images.label(sample);
            slot.indices[i] = sample;
            long key = Seeds.key(options.seed(), Seeds.AUGMENT, epoch, sample);
            writer.write(images, sample, key, table, slot.scratch, i * imageSize);
        }
        FloatBuffer target = slot.features.data().asNioFloat();
        target.put(slot.scratch, 0, slot.scratch.length);
    }

    Slot newSlot(int size) {
        return new Slot(size, images.channels(), images.height(), images.width());
    }

    /** Reusable buffers for one batch of a given size. */
    static final class Slot {
        final int size;
        final INDArray features; // size x C x H x W
        final float[] scratch; // filled off-heap in one copy
        final int[] labels;
        final int[] indices;

        Slot(int size, int channels, int height, int width) {
            this.size = size;
            this.features = Nd4j.createUninitializedDetached(DataType.FLOAT, size, channels, height, width);
            this.scratch = new float[size * channels * height * width];
            this.labels = new int[size];
            this.indices = new int[size];
        }

        void free() {
            if (features.closeable()) {
                features.close();
            }
        }
    }
}
