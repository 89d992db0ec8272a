package cnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HoldoutSplitTest {
    /** Images whose first pixel is the image's own index, so a subset reveals which images it took. */
    private static final ImageSet FULL = indexed(200);

    private static ImageSet indexed(int n) {
        byte[] px = new byte[n * 4];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            px[i * 4] = (byte) i;
            labels[i] = (byte) (i % 10);
        }
        return new ImageSet(px, labels, 1, 2, 2, 10);
    }

    private static int[] ids(ImageSet set) {
        int[] ids = new int[set.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = set.pixel(i, 0, 0, 0);
        }
        return ids;
    }

    @Test
    void partsAreDisjointCoverEverythingAndKeepStoredOrder() {
        HoldoutSplit split = HoldoutSplit.of(FULL, 0.1, 42);
        assertEquals(20, split.validation().size());
        assertEquals(180, split.train().size());
        Set<Integer> all = new HashSet<>();
        for (ImageSet part : new ImageSet[] {split.train(), split.validation()}) {
            int[] ids = ids(part);
            for (int i = 0; i < ids.length; i++) {
                all.add(ids[i]);
                assertEquals(ids[i] % 10, part.label(i));
                if (i > 0) {
                    assertEquals(true, ids[i] > ids[i - 1], "stored order");
                }
            }
        }
        assertEquals(200, all.size());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertArrayEquals(ids(HoldoutSplit.of(FULL, 30, 1).validation()), ids(HoldoutSplit.of(FULL, 30, 1).validation()));
        assertNotEquals(java.util.Arrays.toString(ids(HoldoutSplit.of(FULL, 30, 1).validation())),
                java.util.Arrays.toString(ids(HoldoutSplit.of(FULL, 30, 2).validation())));
    }

    @Test
    void sizesOutsideTheSetAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> HoldoutSplit.of(FULL, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> HoldoutSplit.of(FULL, 200, 1));
        assertThrows(IllegalArgumentException.class, () -> HoldoutSplit.of(FULL, 1.0, 1));
    }
}
