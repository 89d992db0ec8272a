package cnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStoreTest {
    private static final List<String> TEN = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    @TempDir
    Path dataDir;
    @TempDir
    Path systemDir;
    private LocalHttpServer server;
    private final Map<String, byte[]> idxFiles = new LinkedHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = new LocalHttpServer();
        idxFiles.put("train-images-idx3-ubyte.gz", TestData.gzip(TestData.idxImages(12, 28, 28)));
        idxFiles.put("train-labels-idx1-ubyte.gz", TestData.gzip(TestData.idxLabels(TestData.labels(12, 10))));
        idxFiles.put("t10k-images-idx3-ubyte.gz", TestData.gzip(TestData.idxImages(5, 28, 28)));
        idxFiles.put("t10k-labels-idx1-ubyte.gz", TestData.gzip(TestData.idxLabels(TestData.labels(5, 10))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DatasetStore store() {
        return new DatasetStore(dataDir, new Downloader(server.base(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, 1, Duration.ZERO));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private DatasetSpec idxSpec(List<Path> systemDirs) throws Exception {
        List<DatasetSpec.RemoteFile> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : idxFiles.entrySet()) {
            server.files.put("/toy/" + e.getKey(), e.getValue());
            files.add(new DatasetSpec.RemoteFile(e.getKey(), URI.create("https://canonical.invalid/" + e.getKey()),
                    e.getValue().length, sha256(e.getValue())));
        }
        return new DatasetSpec("toy", DatasetSpec.Format.IDX, files, TEN, 1, 28, 28, 12, 5,
                Normalization.identity(1), "test", systemDirs);
    }

    private DatasetSpec cifarSpec(byte[] archive, int train, int test) throws Exception {
        server.files.put("/toy-cifar/cifar-10-binary.tar.gz", archive);
        return new DatasetSpec("toy-cifar", DatasetSpec.Format.CIFAR_BINARY,
                List.of(new DatasetSpec.RemoteFile("cifar-10-binary.tar.gz", URI.create("https://canonical.invalid/c.tar.gz"),
                        archive.length, sha256(archive))),
                TEN, 3, 32, 32, train, test, Normalization.identity(3), "test", List.of());
    }

    private static Map<String, byte[]> cifarEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int b = 1; b <= 5; b++) {
            entries.put("cifar-10-batches-bin/data_batch_" + b + ".bin", TestData.cifarBatch(2 * (b - 1), 2));
        }
        entries.put("cifar-10-batches-bin/test_batch.bin", TestData.cifarBatch(100, 3));
        return entries;
    }

    @Test
    void downloadsMissingIdxFilesOnceThenReadsFromDisk() throws Exception {
        DatasetSpec spec = idxSpec(List.of());
        ImageSet train = store().load(spec, Split.TRAIN);
        assertEquals(12, train.size());
        assertEquals(TestData.pixel(3, 0, 4, 5), train.pixel(3, 0, 4, 5));
        assertEquals(2, server.requests.size(), "only the train files are fetched for the train split");

        store().load(spec, Split.TRAIN);
        assertEquals(5, store().load(spec, Split.TEST).size());
        assertEquals(4, server.requests.size());
        assertTrue(Files.exists(dataDir.resolve("toy/t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void unpackedFilesInTheDataDirAreUsed() throws Exception {
        DatasetSpec spec = idxSpec(List.of());
        TestData.write(dataDir.resolve("toy/t10k-images-idx3-ubyte"), TestData.idxImages(5, 28, 28));
        TestData.write(dataDir.resolve("toy/t10k-labels-idx1-ubyte"), TestData.idxLabels(TestData.labels(5, 10)));
        assertEquals(List.of(dataDir.resolve("toy/t10k-images-idx3-ubyte"), dataDir.resolve("toy/t10k-labels-idx1-ubyte")),
                store().locate(spec, Split.TEST));
        assertEquals(5, store().load(spec, Split.TEST).size());
        assertTrue(server.requests.isEmpty());
    }

    @Test
    void systemDirectoryIsUsedWithoutDownload() throws Exception {
        DatasetSpec spec = idxSpec(List.of(systemDir));
        TestData.write(systemDir.resolve("train-images-idx3-ubyte.gz"), idxFiles.get("train-images-idx3-ubyte.gz"));
        TestData.write(systemDir.resolve("train-labels-idx1-ubyte.gz"), idxFiles.get("train-labels-idx1-ubyte.gz"));
        assertEquals(systemDir.resolve("train-images-idx3-ubyte.gz"), store().locate(spec, Split.TRAIN).get(0));
        assertEquals(12, store().load(spec, Split.TRAIN).size());
        assertTrue(server.requests.isEmpty());
    }

    @Test
    void cifarIsReadStraightFromTheDownloadedArchive() throws Exception {
        DatasetSpec spec = cifarSpec(TestData.tarGz(cifarEntries()), 10, 3);
        ImageSet train = store().load(spec, Split.TRAIN);
        ImageSet test = store().load(spec, Split.TEST);

        assertEquals(10, train.size());
        assertEquals(3, test.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(i % 10, train.label(i));
            assertEquals(TestData.pixel(i, 2, 31, 7), train.pixel(i, 2, 31, 7));
        }
        assertEquals(TestData.pixel(101, 1, 5, 5), test.pixel(1, 1, 5, 5));
        assertEquals(1, server.requests.size());
    }

    @Test
    void unpackedCifarBatchesAreUsed() throws Exception {
        DatasetSpec spec = cifarSpec(new byte[1], 10, 3);
        cifarEntries().forEach((name, data) -> TestData.write(dataDir.resolve("toy-cifar").resolve(name), data));
        assertEquals(3, store().load(spec, Split.TEST).size());
        assertEquals(10, store().load(spec, Split.TRAIN).size());
        assertTrue(server.requests.isEmpty());
    }

    @Test
    void wrongImageCountForTheSplitIsAnError() throws Exception {
        DatasetSpec spec = cifarSpec(TestData.tarGz(cifarEntries()), 50, 3);
        DatasetException e = assertThrows(DatasetException.class, () -> store().load(spec, Split.TRAIN));
        assertEquals("cifar-10-binary.tar.gz: 10 images, the toy-cifar train split has 50 (incomplete or wrong files in "
                + dataDir.resolve("toy-cifar") + ")", e.getMessage());
    }

    @Test
    void unknownDatasetNameListsTheValidOnes() {
        DatasetException e = assertThrows(DatasetException.class, () -> store().load("imagenet", Split.TRAIN));
        assertEquals("unknown dataset 'imagenet'; valid names: mnist, fashion-mnist, cifar10", e.getMessage());
    }
}
