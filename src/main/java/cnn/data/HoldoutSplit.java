package cnn.data;

import java.util.Arrays;

/**
 * A training set divided into a part to train on and a held-out validation part. Which images are held out depends
 * only on the seed and the set's size; both parts keep the stored order.
 */
public record HoldoutSplit(ImageSet train, ImageSet validation) {

    /** Holds out {@code validationSize} images chosen by a seeded permutation. */
    public static HoldoutSplit of(ImageSet full, int validationSize, long seed) {
        int n = full.size();
        if (validationSize < 1 || validationSize >= n) {
            throw new IllegalArgumentException("validation size must be in 1.." + (n - 1) + ", got " + validationSize);
        }
        int[] order = Seeds.permutation(n, Seeds.key(seed, Seeds.HOLDOUT, n, 0));
        int[] held = Arrays.copyOfRange(order, 0, validationSize);
        int[] kept = Arrays.copyOfRange(order, validationSize, n);
        Arrays.sort(held);
        Arrays.sort(kept);
        return new HoldoutSplit(full.subset(kept), full.subset(held));
    }

    /** Holds out {@code fraction} of the images, rounded to the nearest whole image. */
    public static HoldoutSplit of(ImageSet full, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be strictly between 0 and 1, got " + fraction);
        }
        return of(full, (int) Math.round(fraction * full.size()), seed);
    }
}
