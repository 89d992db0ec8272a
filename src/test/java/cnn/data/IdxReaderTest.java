package cnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] data, boolean gzip) {
        return TestData.write(dir.resolve(name), gzip ? TestData.gzip(data) : data);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {true, false})
    void readsImagesAndLabels(boolean gzip) {
        byte[] labels = TestData.labels(12, 10);
        Path images = file("train-images-idx3-ubyte.gz", TestData.idxImages(12, 5, 4), gzip);
        Path labelFile = file("train-labels-idx1-ubyte.gz", TestData.idxLabels(labels), gzip);

        ImageSet set = IdxReader.read(images, labelFile, 10);

        assertEquals(12, set.size());
        assertEquals(1, set.channels());
        assertEquals(5, set.height());
        assertEquals(4, set.width());
        for (int i = 0; i < 12; i++) {
            assertEquals(labels[i], set.label(i));
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(TestData.pixel(i, 0, y, x), set.pixel(i, 0, y, x));
                }
            }
        }
    }

    @Test
    void gzipIsDetectedByContentNotName() {
        Path rawNamedGz = file("a-images.gz", TestData.idxImages(3, 2, 2), false);
        Path gzipWithoutSuffix = file("b-images", TestData.idxImages(3, 2, 2), true);
        assertEquals(3, IdxReader.readImages(rawNamedGz).count());
        assertEquals(3, IdxReader.readImages(gzipWithoutSuffix).count());
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {true, false})
    void badMagicNamesFileAndNumbers(boolean gzip) {
        Path labelsAsImages = file("train-images-idx3-ubyte.gz", TestData.idxLabels(new byte[3]), gzip);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(labelsAsImages));
        assertEquals("train-images-idx3-ubyte.gz: magic number 2049, expected 2051 for an IDX images file"
                + " (this is a labels file)", e.getMessage());

        Path garbage = file("t10k-labels-idx1-ubyte", TestData.idxImages(0x12345678, 1, 1, 1), gzip);
        e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(garbage, 10));
        assertEquals("t10k-labels-idx1-ubyte: magic number 305419896, expected 2049 for an IDX labels file", e.getMessage());
    }

    @Test
    void truncatedRawFileIsReportedWithSizes() {
        byte[] full = TestData.idxImages(10, 28, 28);
        Path cut = file("train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 100), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(cut));
        assertEquals("train-images-idx3-ubyte: truncated: the header promises 10 images of 28x28 (7856 bytes)"
                + " but the file has 7756 bytes", e.getMessage());
    }

    @Test
    void truncatedGzipContentIsReported() {
        byte[] full = TestData.idxImages(10, 28, 28);
        Path cut = file("train-images-idx3-ubyte.gz", Arrays.copyOf(full, full.length - 100), true);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(cut));
        assertEquals("train-images-idx3-ubyte.gz: truncated: the header promises 10 images of 28x28 but the data ends"
                + " after 7740 of 7840 bytes", e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsReported() {
        byte[] gz = TestData.gzip(TestData.idxImages(50, 28, 28));
        Path cut = TestData.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().startsWith("train-images-idx3-ubyte.gz: truncated"), e.getMessage());
    }

    @Test
    void tooShortForHeader() {
        Path tiny = file("t10k-images-idx3-ubyte", new byte[] {0, 0, 8, 3, 0}, false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(tiny));
        assertEquals("t10k-images-idx3-ubyte: too short to hold an IDX images header (truncated?)", e.getMessage());
    }

    @Test
    void extraBytesAreRejected() {
        byte[] full = TestData.idxLabels(new byte[] {1, 2, 3});
        Path longer = file("t10k-labels-idx1-ubyte.gz", Arrays.copyOf(full, full.length + 5), true);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(longer, 10));
        assertEquals("t10k-labels-idx1-ubyte.gz: more data than the header's 3 labels", e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() {
        Path images = file("t10k-images-idx3-ubyte.gz", TestData.idxImages(10, 3, 3), true);
        Path labels = file("t10k-labels-idx1-ubyte.gz", TestData.idxLabels(TestData.labels(9, 10)), true);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, 10));
        assertEquals("t10k-labels-idx1-ubyte.gz: 9 labels but t10k-images-idx3-ubyte.gz has 10 images", e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesValueAndIndex() {
        byte[] labels = TestData.labels(10, 10);
        labels[7] = 12;
        Path file = file("train-labels-idx1-ubyte.gz", TestData.idxLabels(labels), true);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file, 10));
        assertEquals("train-labels-idx1-ubyte.gz: label 12 at index 7 is outside 0..9", e.getMessage());
    }

    @Test
    void missingFileSaysWhereItLooked() {
        Path missing = dir.resolve("nope-idx3-ubyte.gz");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(missing));
        assertTrue(e.getMessage().startsWith("nope-idx3-ubyte.gz: no such file (looked at "), e.getMessage());
    }
}
