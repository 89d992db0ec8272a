package cnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
    @TempDir
    Path dir;

    private static void assertImages(ImageSet set, int first, int count) {
        assertEquals(count, set.size());
        assertEquals(3, set.channels());
        assertEquals(32, set.height());
        assertEquals(32, set.width());
        for (int n = 0; n < count; n++) {
            int i = first + n;
            assertEquals(i % 10, set.label(n));
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y += 5) {
                    for (int x = 0; x < 32; x += 3) {
                        assertEquals(TestData.pixel(i, c, y, x), set.pixel(n, c, y, x), "image " + n + " c" + c);
                    }
                }
            }
        }
    }

    @Test
    void readsBatchFilesInOrder() {
        Path b1 = TestData.write(dir.resolve("data_batch_1.bin"), TestData.cifarBatch(0, 4));
        Path b2 = TestData.write(dir.resolve("data_batch_2.bin"), TestData.cifarBatch(4, 3));
        assertImages(CifarReader.readFiles(List.of(b1, b2), 10), 0, 7);
    }

    @Test
    void truncatedBatchIsReported() {
        byte[] full = TestData.cifarBatch(0, 3);
        Path cut = TestData.write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(full, full.length - 10));
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readFiles(List.of(cut), 10));
        assertEquals("data_batch_1.bin: 9209 bytes is not a whole number of 3073-byte records (truncated?)", e.getMessage());
    }

    @Test
    void badLabelIsReported() {
        byte[] data = TestData.cifarBatch(0, 3);
        data[2 * CifarReader.RECORD_BYTES] = 10;
        Path file = TestData.write(dir.resolve("test_batch.bin"), data);
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readFiles(List.of(file), 10));
        assertEquals("test_batch.bin: label 10 at index 2 is outside 0..9", e.getMessage());
    }

    @Test
    void readsBatchesOutOfTarGzInRequestedOrder() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes());
        entries.put("cifar-10-batches-bin/test_batch.bin", TestData.cifarBatch(100, 2));
        entries.put("cifar-10-batches-bin/data_batch_2.bin", TestData.cifarBatch(3, 2));
        entries.put("cifar-10-batches-bin/data_batch_1.bin", TestData.cifarBatch(0, 3));
        Path archive = TestData.write(dir.resolve("cifar-10-binary.tar.gz"), TestData.tarGz(entries));

        assertImages(CifarReader.readArchive(archive, List.of("data_batch_1.bin", "data_batch_2.bin"), 10), 0, 5);
        assertImages(CifarReader.readArchive(archive, List.of("test_batch.bin"), 10), 100, 2);

        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.readArchive(archive, List.of("data_batch_3.bin"), 10));
        assertEquals("cifar-10-binary.tar.gz: has no data_batch_3.bin", e.getMessage());
    }

    @Test
    void truncatedArchiveIsReported() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/data_batch_1.bin", TestData.cifarBatch(0, 40));
        byte[] gz = TestData.tarGz(entries);
        Path archive = TestData.write(dir.resolve("cifar-10-binary.tar.gz"), Arrays.copyOf(gz, gz.length * 2 / 3));
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.readArchive(archive, List.of("data_batch_1.bin"), 10));
        assertTrue(e.getMessage().startsWith("cifar-10-binary.tar.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void badLabelInsideArchiveNamesTheEntry() {
        byte[] data = TestData.cifarBatch(0, 3);
        data[CifarReader.RECORD_BYTES] = (byte) 200;
        Path archive = TestData.write(dir.resolve("cifar-10-binary.tar.gz"),
                TestData.tarGz(Map.of("cifar-10-batches-bin/test_batch.bin", data)));
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarReader.readArchive(archive, List.of("test_batch.bin"), 10));
        assertEquals("cifar-10-binary.tar.gz!cifar-10-batches-bin/test_batch.bin: label 200 at index 1 is outside 0..9",
                e.getMessage());
    }
}
