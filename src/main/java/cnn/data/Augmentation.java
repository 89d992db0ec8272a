package cnn.data;

import java.util.Arrays;

/**
 * CIFAR-style training augmentation as in He et al., "Deep Residual Learning for Image Recognition" (arXiv:1512.03385,
 * section 4.2): pad each side with {@code padding} zero pixels, take a random crop of the original size, and mirror
 * horizontally with probability 1/2. Padding is zero in pixel space, before normalisation, as torchvision's
 * {@code RandomCrop(32, padding=4)} on a PIL image does.
 *
 * <p>Every random choice comes from one 64-bit key that the loader derives from (seed, epoch, sample index).
 *
 * @param padding pixels added on each side before cropping; 0 for no crop
 * @param flip    whether to mirror left-right with probability 1/2
 */
public record Augmentation(int padding, boolean flip) {
    /** No augmentation: the image as stored, normalised. */
    public static final Augmentation NONE = new Augmentation(0, false);
    /** Pad 4 and crop back to 32x32, random horizontal flip. */
    public static final Augmentation CIFAR = new Augmentation(4, true);

    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
    }

    public boolean isNone() {
        return padding == 0 && !flip;
    }

    /** One augmented, normalised image as float CHW; the loader's path, for one sample. */
    public float[] apply(ImageSet images, int index, long key, Normalization normalization) {
        float[] out = new float[images.imageSize()];
        write(images, index, key, normalization.lookupTable(), out, 0);
        return out;
    }

    /** Column shift of the crop window, -padding..padding. */
    int shiftX(long key) {
        return padding == 0 ? 0 : (int) (((key & 0xFFFFFFFFL) * (2 * padding + 1)) >>> 32) - padding;
    }

    /** Row shift of the crop window, -padding..padding. */
    int shiftY(long key) {
        return padding == 0 ? 0 : (int) ((((key >>> 32) & 0x7FFFFFFFL) * (2 * padding + 1)) >>> 31) - padding;
    }

    boolean mirrored(long key) {
        return flip && key < 0;
    }

    /**
     * Writes image {@code index} into {@code dst} at {@code offset} as C*H*W floats: output pixel (y, x) is source pixel
     * (y + dy, x' + dx), x' = W-1-x when mirrored, or zero padding outside the image; {@code table[c*256+v]} normalises.
     */
    void write(ImageSet images, int index, long key, float[] table, float[] dst, int offset) {
        int c = images.channels();
        int h = images.height();
        int w = images.width();
        int plane = h * w;
        byte[] px = images.pixelArray();
        int src = index * c * plane;
        int out = offset;
        if (isNone()) {
            for (int ch = 0; ch < c; ch++) {
                int t = ch * 256;
                for (int k = 0; k < plane; k++) {
                    dst[out++] = table[t + (px[src++] & 0xFF)];
                }
            }
            return;
        }
        int dx = shiftX(key);
        int dy = shiftY(key);
        boolean mirror = mirrored(key);
        for (int ch = 0; ch < c; ch++) {
            int t = ch * 256;
            float zero = table[t];
            int base = src + ch * plane;
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                if (sy < 0 || sy >= h) {
                    Arrays.fill(dst, out, out + w, zero);
                    out += w;
                    continue;
                }
                int row = base + sy * w;
                for (int x = 0; x < w; x++) {
                    int sx = (mirror ? w - 1 - x : x) + dx;
                    dst[out++] = sx < 0 || sx >= w ? zero : table[t + (px[row + sx] & 0xFF)];
                }
            }
        }
    }
}
