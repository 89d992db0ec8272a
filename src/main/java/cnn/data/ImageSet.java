package cnn.data;

import java.util.Objects;

/**
 * Labelled images held compactly in memory: one unsigned byte per pixel, each image in CHW order, one byte per label.
 * Instances are immutable by contract; the loader reads the arrays directly.
 */
public final class ImageSet {
    private final byte[] pixels; // N x C x H x W, uint8
    private final byte[] labels; // N, 0..numClasses-1
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;

    public ImageSet(byte[] pixels, byte[] labels, int channels, int height, int width, int numClasses) {
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (numClasses <= 0 || numClasses > 256) {
            throw new IllegalArgumentException("numClasses must be in 1..256, got " + numClasses);
        }
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes do not hold " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) >= numClasses) {
                throw new IllegalArgumentException("label " + (labels[i] & 0xFF) + " at index " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixels per image, C*H*W. */
    public int imageSize() {
        return channels * height * width;
    }

    public int numClasses() {
        return numClasses;
    }

    public int label(int index) {
        return labels[index] & 0xFF;
    }

    /** Pixel value 0..255 of image {@code index} at channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int index, int c, int y, int x) {
        return pixels[((index * channels + c) * height + y) * width + x] & 0xFF;
    }

    /** A copy of the images at {@code indices}, in that order. */
    /** `n` images chosen by a permutation seeded with `seed`, in stored order; all of them if `n >= size()`. */
    public ImageSet sample(int n, long seed) {
        if (n >= size()) {
            return this;
        }
        int[] chosen = java.util.Arrays.copyOf(Seeds.permutation(size(), Seeds.key(seed, Seeds.SUBSET, size(), 0)), n);
        java.util.Arrays.sort(chosen);
        return subset(chosen);
    }

    public ImageSet subset(int[] indices) {
        int n = imageSize();
        byte[] px = new byte[Math.multiplyExact(indices.length, n)];
        byte[] lb = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, Math.multiplyExact(indices[i], n), px, i * n, n);
            lb[i] = labels[indices[i]];
        }
        return new ImageSet(px, lb, channels, height, width, numClasses);
    }

    byte[] pixelArray() {
        return pixels;
    }
}
