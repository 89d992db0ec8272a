package cnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    @TempDir
    Path dir;
    private LocalHttpServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final byte[] content = new byte[300_000];

    @BeforeEach
    void start() throws IOException {
        new Random(7).nextBytes(content);
        server = new LocalHttpServer();
        server.files.put("/toy/blob.bin", content);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Downloader downloader(int attempts) {
        return new Downloader(server.base(), new PrintStream(log, true, StandardCharsets.UTF_8), false, attempts, Duration.ZERO);
    }

    private static DatasetSpec.RemoteFile remote(String name, byte[] data) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        return new DatasetSpec.RemoteFile(name, URI.create("https://canonical.invalid/" + name), data.length, sha);
    }

    private Path target() {
        return dir.resolve("toy").resolve("blob.bin");
    }

    private Path part() {
        return dir.resolve("toy").resolve("blob.bin.part");
    }

    @Test
    void mirrorReplacesCanonicalUrlWithDatasetAndFileName() throws Exception {
        DatasetSpec.RemoteFile f = remote("blob.bin", content);
        assertEquals(server.base().resolve("toy/blob.bin"), downloader(1).urlFor("toy", f));
        Downloader canonical = new Downloader(null, System.err, false, 1, Duration.ZERO);
        assertEquals(f.url(), canonical.urlFor("toy", f));
    }

    @Test
    void downloadsVerifiesAndRenamesIntoPlace() throws Exception {
        downloader(1).fetch("toy", List.of(remote("blob.bin", content)), dir.resolve("toy"));

        assertArrayEquals(content, Files.readAllBytes(target()));
        assertFalse(Files.exists(part()));
        assertEquals(List.of(new LocalHttpServer.Request("/toy/blob.bin", null)), server.requests);
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("blob.bin: downloading 0.3 MB"), out);
        assertTrue(out.contains("done in"), out);
    }

    @Test
    void presentFilesAreNotFetchedAgain() throws Exception {
        TestData.write(target(), content);
        downloader(1).fetch("toy", List.of(remote("blob.bin", content)), dir.resolve("toy"));
        assertTrue(server.requests.isEmpty());
    }

    @Test
    void checksumMismatchDeletesThePartAndSaysSo() throws Exception {
        byte[] other = content.clone();
        other[1234] ^= 1;
        DatasetSpec.RemoteFile expected = remote("blob.bin", other);

        DatasetException e = assertThrows(DatasetException.class,
                () -> downloader(3).fetch("toy", List.of(expected), dir.resolve("toy")));

        assertTrue(e.getMessage().startsWith("blob.bin: SHA-256 mismatch for " + server.base() + "toy/blob.bin: expected "
                + expected.sha256() + ", got "), e.getMessage());
        assertTrue(e.getMessage().endsWith("blob.bin.part, run again to retry"), e.getMessage());
        assertFalse(Files.exists(target()));
        assertFalse(Files.exists(part()));
    }

    @Test
    void interruptedTransferResumesWithRangeRequest() throws Exception {
        server.dropsLeft.set(1);
        downloader(2).fetch("toy", List.of(remote("blob.bin", content)), dir.resolve("toy"));

        assertArrayEquals(content, Files.readAllBytes(target()));
        assertEquals(2, server.requests.size());
        assertNull(server.requests.get(0).range());
        assertResumedWithinFirstHalf(server.requests.get(1).range());
    }

    /** The server sent half the body; the client may have lost the tail of that to the reset, never more. */
    private void assertResumedWithinFirstHalf(String range) {
        assertTrue(range != null && range.matches("bytes=\\d+-"), range);
        long from = Long.parseLong(range.substring(6, range.length() - 1));
        assertTrue(from > 0 && from <= content.length / 2, range);
    }

    @Test
    void partLeftByAFailedRunIsResumedByTheNextRun() throws Exception {
        server.dropsLeft.set(1);
        DatasetSpec.RemoteFile f = remote("blob.bin", content);
        DatasetException e = assertThrows(DatasetException.class, () -> downloader(1).fetch("toy", List.of(f), dir.resolve("toy")));
        assertTrue(e.getMessage().startsWith("toy: cannot download blob.bin from " + server.base() + "toy/blob.bin"
                + " (connection lost after "), e.getMessage());
        assertFalse(Files.exists(target()));
        long kept = Files.size(part());

        downloader(1).fetch("toy", List.of(f), dir.resolve("toy"));

        assertArrayEquals(content, Files.readAllBytes(target()));
        assertEquals("bytes=" + kept + "-", server.requests.get(1).range());
        assertResumedWithinFirstHalf(server.requests.get(1).range());
    }

    @Test
    void serverWithoutRangeSupportRestartsCleanly() throws Exception {
        server.supportsRange = false;
        TestData.write(part(), java.util.Arrays.copyOf(content, 1000));
        downloader(1).fetch("toy", List.of(remote("blob.bin", content)), dir.resolve("toy"));

        assertArrayEquals(content, Files.readAllBytes(target()));
        assertEquals("bytes=1000-", server.requests.get(0).range());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("blob.bin: server does not resume downloads; starting over"));
    }

    @Test
    void serverErrorIsRetried() throws Exception {
        server.unavailableLeft.set(1);
        downloader(2).fetch("toy", List.of(remote("blob.bin", content)), dir.resolve("toy"));
        assertArrayEquals(content, Files.readAllBytes(target()));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("blob.bin: HTTP 503; trying again (2 of 2)"));
    }

    @Test
    void notFoundIsNotRetriedAndSaysWhereToPutTheFiles() throws Exception {
        DatasetSpec.RemoteFile a = remote("blob.bin", content);
        DatasetSpec.RemoteFile b = remote("absent.bin", new byte[10]);
        Path toy = dir.resolve("toy");

        DatasetException e = assertThrows(DatasetException.class, () -> downloader(3).fetch("toy", List.of(a, b), toy));

        assertEquals("toy: cannot download absent.bin from " + server.base() + "toy/absent.bin (HTTP 404); missing absent.bin:"
                + " put it in " + toy.toAbsolutePath() + "/ by hand, or set CNN_DATASETS_MIRROR to a server with toy/<file> paths",
                e.getMessage());
        assertEquals(2, server.requests.size());
        assertTrue(Files.exists(toy.resolve("blob.bin")));
    }

    @Test
    void connectionRefusedListsEveryMissingFile() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Downloader offline = new Downloader(URI.create("http://127.0.0.1:" + port), new PrintStream(log, true,
                StandardCharsets.UTF_8), false, 2, Duration.ZERO);
        Path toy = dir.resolve("toy");

        DatasetException e = assertThrows(DatasetException.class, () -> offline.fetch("toy",
                List.of(remote("a.bin", new byte[5]), remote("b.bin", new byte[6])), toy));

        assertTrue(e.getMessage().startsWith("toy: cannot download a.bin from http://127.0.0.1:" + port + "/toy/a.bin"
                + " (connection refused)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; missing a.bin, b.bin: put them in " + toy.toAbsolutePath()
                + "/ by hand, or set CNN_DATASETS_MIRROR to a server with toy/<file> paths"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
