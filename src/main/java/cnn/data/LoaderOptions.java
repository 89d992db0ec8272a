package cnn.data;

import java.util.Objects;

/**
 * How a {@link BatchLoader} turns an image set into batches.
 *
 * @param batchSize     images per batch; the last batch of an epoch may be smaller unless {@code dropLast}
 * @param shuffle       visit the images in a new seeded order every epoch, rather than in stored order
 * @param dropLast      leave out the last batch of an epoch when it is smaller than {@code batchSize}
 * @param augmentation  random transform per sample; {@link Augmentation#NONE} for evaluation
 * @param normalization per-channel mean/std applied after scaling to x/255
 * @param seed          fixes the shuffle order and the augmentation of every (epoch, sample)
 * @param prefetch      batches prepared ahead on the producer thread while the consumer holds one
 */
public record LoaderOptions(
        int batchSize,
        boolean shuffle,
        boolean dropLast,
        Augmentation augmentation,
        Normalization normalization,
        long seed,
        int prefetch) {
    public static final int DEFAULT_PREFETCH = 3;

    public LoaderOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
        }
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(normalization, "normalization");
    }

    /** Shuffled every epoch, last partial batch kept, optional augmentation. */
    public static LoaderOptions training(int batchSize, long seed, Normalization normalization, Augmentation augmentation) {
        return new LoaderOptions(batchSize, true, false, augmentation, normalization, seed, DEFAULT_PREFETCH);
    }

    /** Stored order, no augmentation, every image once. */
    public static LoaderOptions evaluation(int batchSize, Normalization normalization) {
        return new LoaderOptions(batchSize, false, false, Augmentation.NONE, normalization, 0, DEFAULT_PREFETCH);
    }

    public LoaderOptions withDropLast(boolean drop) {
        return new LoaderOptions(batchSize, shuffle, drop, augmentation, normalization, seed, prefetch);
    }

    public LoaderOptions withPrefetch(int batches) {
        return new LoaderOptions(batchSize, shuffle, dropLast, augmentation, normalization, seed, batches);
    }
}
