package cnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fetches published data set files over HTTP. Bytes go to {@code <file>.part}; an interrupted transfer is resumed with
 * a Range request when the server answers 206 and restarted from zero when it does not; the finished part is checked
 * against the published SHA-256 and only then renamed into place, so a final file name never holds a partial or
 * corrupt download.
 *
 * <p>A mirror replaces every canonical URL by {@code <mirror>/<dataset>/<file>}, the same layout as the local data
 * directory, so a copy of {@code datasets/} behind any static HTTP server serves as one.
 */
public final class Downloader {
    /** Environment variable naming a mirror base URL, e.g. {@code http://10.0.0.5:8000/datasets/}. */
    public static final String MIRROR_ENV = "CNN_DATASETS_MIRROR";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final int BUFFER = 1 << 16;

    private final URI mirror;
    private final PrintStream log;
    private final boolean terminal;
    private final int attempts;
    private final Duration retryDelay;
    private final HttpClient client;

    /**
     * @param mirror     base URL that replaces the canonical locations, or null to use them
     * @param log        where progress and retries are reported (stderr in the CLI)
     * @param terminal   redraw a progress bar in place rather than print periodic lines
     * @param attempts   tries per file before giving up; each retry resumes from the bytes already in the part file
     * @param retryDelay pause between tries
     */
    public Downloader(URI mirror, PrintStream log, boolean terminal, int attempts, Duration retryDelay) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        this.mirror = mirror == null || mirror.toString().endsWith("/") ? mirror : URI.create(mirror + "/");
        this.log = log;
        this.terminal = terminal;
        this.attempts = attempts;
        this.retryDelay = retryDelay;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** Canonical URLs unless {@value #MIRROR_ENV} is set; progress to stderr; three tries per file. */
    public static Downloader fromEnvironment() {
        String env = System.getenv(MIRROR_ENV);
        URI mirror = env == null || env.isBlank() ? null : URI.create(env.trim());
        return new Downloader(mirror, System.err, stderrIsTerminal(), 3, Duration.ofSeconds(2));
    }

    /** Linux tells through /proc where fd 2 points; elsewhere an interactive console is the best hint Java 17 has. */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Where a file of a data set is fetched from. */
    public URI urlFor(String dataset, DatasetSpec.RemoteFile file) {
        return mirror == null ? file.url() : mirror.resolve(dataset + "/" + file.name());
    }

    /**
     * Downloads every file of {@code files} not yet in {@code dir}. On a network failure the message says which files
     * are still missing and exactly where to put them by hand.
     */
    public void fetch(String dataset, List<DatasetSpec.RemoteFile> files, Path dir) {
        List<DatasetSpec.RemoteFile> missing = files.stream().filter(f -> !Files.exists(dir.resolve(f.name()))).toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatasetException(dataset + ": cannot create " + dir.toAbsolutePath() + " (" + e + ")", e);
        }
        log.println(dataset + ": downloading " + names(missing) + " into " + dir.toAbsolutePath());
        for (DatasetSpec.RemoteFile f : missing) {
            URI url = urlFor(dataset, f);
            try {
                fetchOne(url, f, dir.resolve(f.name()));
            } catch (IOException e) {
                List<DatasetSpec.RemoteFile> left = files.stream().filter(m -> !Files.exists(dir.resolve(m.name()))).toList();
                throw new DatasetException(dataset + ": cannot download " + f.name() + " from " + url + " (" + reason(e)
                        + "); missing " + names(left) + ": put " + (left.size() == 1 ? "it" : "them") + " in "
                        + dir.toAbsolutePath() + "/ by hand, or set " + MIRROR_ENV + " to a server with "
                        + dataset + "/<file> paths", e);
            }
        }
    }

    private void fetchOne(URI url, DatasetSpec.RemoteFile file, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        for (int attempt = 1; ; attempt++) {
            try {
                transfer(url, file, part);
                break;
            } catch (HttpStatus e) {
                if (!e.retryable() || attempt >= attempts) {
                    throw e;
                }
                retryNotice(file, e, attempt);
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                retryNotice(file, e, attempt);
            }
        }
        verify(url, file, part);
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void retryNotice(DatasetSpec.RemoteFile file, IOException e, int attempt) {
        log.println(file.name() + ": " + reason(e) + "; trying again (" + (attempt + 1) + " of " + attempts + ")");
        try {
            Thread.sleep(retryDelay.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new DatasetException(file.name() + ": download interrupted", ie);
        }
    }

    /** One HTTP exchange: appends to the part file on 206, rewrites it on 200; returns once it has every byte. */
    private void transfer(URI url, DatasetSpec.RemoteFile file, Path part) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > file.size()) {
            Files.delete(part);
            have = 0;
        }
        if (have == file.size()) {
            return; // complete from an earlier run; verify() decides whether it is good
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = send(request.build(), file);
        int status = response.statusCode();
        boolean append = false;
        if (status == 206 && have > 0 && rangeStart(response) == have) {
            append = true;
        } else if (status == 206 || status == 416) {
            response.body().close();
            Files.deleteIfExists(part);
            throw new IOException("server could not resume at byte " + have + "; starting over");
        } else if (status != 200) {
            response.body().close();
            throw new HttpStatus(status);
        } else if (have > 0) {
            log.println(file.name() + ": server does not resume downloads; starting over");
        }
        TransferProgress progress = new TransferProgress(log, terminal, file.name(), file.size(), append ? have : 0,
                System::nanoTime);
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                progress.advance(n);
            }
        } catch (IOException e) {
            progress.stopped();
            throw new IOException("connection lost after " + Files.size(part) + " of " + file.size() + " bytes"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        progress.finish();
        long got = Files.size(part);
        if (got > file.size()) {
            Files.delete(part);
            throw new DatasetException(file.name() + ": " + url + " sent " + got + " bytes, the published file has "
                    + file.size() + " (wrong file?); deleted " + part.toAbsolutePath());
        }
        if (got < file.size()) {
            throw new IOException("connection closed after " + got + " of " + file.size() + " bytes");
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, DatasetSpec.RemoteFile file) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(file.name() + ": download interrupted", e);
        }
    }

    private void verify(URI url, DatasetSpec.RemoteFile file, Path part) throws IOException {
        String actual = sha256(part);
        if (!actual.equals(file.sha256())) {
            Files.delete(part);
            throw new DatasetException(file.name() + ": SHA-256 mismatch for " + url + ": expected " + file.sha256()
                    + ", got " + actual + "; deleted " + part.toAbsolutePath() + ", run again to retry");
        }
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** First byte of a 206 body from {@code Content-Range: bytes first-last/total}, or -1. */
    private static long rangeStart(HttpResponse<?> response) {
        String range = response.headers().firstValue("Content-Range").orElse("");
        if (!range.startsWith("bytes ") || range.indexOf('-') < 0) {
            return -1;
        }
        try {
            return Long.parseLong(range.substring(6, range.indexOf('-')).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String reason(IOException e) {
        if (e instanceof HttpStatus h) {
            return "HTTP " + h.status;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "host not found";
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no response in " + RESPONSE_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String names(List<DatasetSpec.RemoteFile> files) {
        return files.stream().map(DatasetSpec.RemoteFile::name).collect(Collectors.joining(", "));
    }

    /** A non-success HTTP status; server errors and throttling are worth another try, the rest are not. */
    private static final class HttpStatus extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpStatus(int status) {
            super("HTTP " + status);
            this.status = status;
        }

        boolean retryable() {
            return status >= 500 || status == 408 || status == 429;
        }
    }
}
