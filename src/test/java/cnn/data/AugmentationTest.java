package cnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final ImageSet IMAGES = TestData.images(4, 3, 32, 10);
    private static final Normalization X255 = Normalization.identity(3);

    private static float x255(int image, int c, int y, int x) {
        return (float) (IMAGES.pixel(image, c, y, x) / 255.0);
    }

    /** Reference: pad with zeros, crop a 32x32 window at (oy, ox) of the padded image, then mirror. */
    private static float[] padCropFlip(int image, int pad, int oy, int ox, boolean mirror) {
        int side = 32 + 2 * pad;
        float[][][] padded = new float[3][side][side];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    padded[c][y + pad][x + pad] = x255(image, c, y, x);
                }
            }
        }
        float[] out = new float[3 * 32 * 32];
        int at = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    out[at++] = padded[c][oy + y][ox + (mirror ? 31 - x : x)];
                }
            }
        }
        return out;
    }

    @Test
    void noneIsTheStoredImageNormalised() {
        Normalization norm = new Normalization(new float[] {0.5f, 0.25f, 0.1f}, new float[] {0.2f, 0.4f, 0.5f});
        float[] out = Augmentation.NONE.apply(IMAGES, 2, 12345L, norm);
        int at = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    float expected = (x255(2, c, y, x) - norm.mean()[c]) / norm.std()[c];
                    assertEquals(expected, out[at++], 1e-6);
                }
            }
        }
    }

    @Test
    void flipIsAnExactMirror() {
        Augmentation flip = new Augmentation(0, true);
        float[] mirrored = flip.apply(IMAGES, 1, -1L, X255); // top bit set: flipped
        float[] kept = flip.apply(IMAGES, 1, 1L, X255);
        int at = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(x255(1, c, y, 31 - x), mirrored[at]);
                    assertEquals(x255(1, c, y, x), kept[at]);
                    at++;
                }
            }
        }
    }

    @Test
    void cropFlipMatchesPadThenCropAndStaysInsideThePaddedImage() {
        Augmentation aug = Augmentation.CIFAR;
        Set<Integer> offsetsX = new HashSet<>();
        Set<Integer> offsetsY = new HashSet<>();
        Set<Boolean> flips = new HashSet<>();
        for (int k = 0; k < 400; k++) {
            long key = Seeds.mix(k);
            int ox = aug.shiftX(key) + 4;
            int oy = aug.shiftY(key) + 4;
            assertTrue(ox >= 0 && ox <= 8 && oy >= 0 && oy <= 8, "crop window at " + oy + "," + ox + " leaves the padded image");
            offsetsX.add(ox);
            offsetsY.add(oy);
            flips.add(aug.mirrored(key));
            int image = k % 4;
            assertArrayEquals(padCropFlip(image, 4, oy, ox, aug.mirrored(key)), aug.apply(IMAGES, image, key, X255));
        }
        assertEquals(9, offsetsX.size());
        assertEquals(9, offsetsY.size());
        assertEquals(2, flips.size());
    }

    @Test
    void paddingIsBlackBeforeNormalisation() {
        Normalization norm = new Normalization(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.25f, 0.2f, 0.1f});
        Augmentation crop = new Augmentation(4, false);
        long key = 0; // shiftX = shiftY = -4: the window starts at the padded corner
        assertEquals(-4, crop.shiftX(key));
        assertEquals(-4, crop.shiftY(key));
        float[] out = crop.apply(IMAGES, 0, key, norm);
        assertEquals(-0.5f / 0.25f, out[0], 1e-6);
        assertEquals(-0.4f / 0.2f, out[32 * 32 + 3 * 32 + 3], 1e-6);
        assertEquals((x255(0, 2, 0, 0) - 0.3f) / 0.1f, out[2 * 32 * 32 + 4 * 32 + 4], 1e-5);
    }

    @Test
    void sameKeySameOutputDifferentKeysDiffer() {
        float[] a = Augmentation.CIFAR.apply(IMAGES, 3, 42L, X255);
        float[] b = Augmentation.CIFAR.apply(IMAGES, 3, 42L, X255);
        assertArrayEquals(a, b);
        int differ = 0;
        for (long key = 100; key < 120; key++) {
            if (!Arrays.equals(a, Augmentation.CIFAR.apply(IMAGES, 3, Seeds.mix(key), X255))) {
                differ++;
            }
        }
        assertTrue(differ >= 15, differ + " of 20 keys gave a different image");
        assertFalse(Augmentation.CIFAR.isNone());
    }
}
