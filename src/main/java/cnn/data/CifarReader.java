package cnn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the CIFAR-10 binary version (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html): each batch file is
 * a run of 3073-byte records, one label byte then 1024 red, 1024 green and 1024 blue bytes of a 32x32 image, which is
 * already the CHW layout {@link ImageSet} keeps. Batches are read as files or straight out of
 * {@code cifar-10-binary.tar.gz} without unpacking it.
 */
public final class CifarReader {
    public static final int CHANNELS = 3;
    public static final int SIDE = 32;
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    private static final int BUFFER = 1 << 20;

    private CifarReader() {
    }

    /** Reads batch files in the order given and concatenates them. */
    public static ImageSet readFiles(List<Path> batches, int numClasses) {
        List<Chunk> chunks = new ArrayList<>();
        for (Path file : batches) {
            String name = file.getFileName().toString();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
                chunks.add(readRecords(name, in, Files.size(file), numClasses, false));
            } catch (NoSuchFileException e) {
                throw DatasetException.in(name, "no such file (looked at " + file.toAbsolutePath() + ")");
            } catch (IOException e) {
                throw IdxReader.failure(file, e);
            }
        }
        return concat(chunks, numClasses);
    }

    /**
     * Reads the batches whose file names (e.g. {@code data_batch_1.bin}) are given from a gzip'd tar archive, in the
     * order given, wherever they sit inside it.
     */
    public static ImageSet readArchive(Path archive, List<String> batchNames, int numClasses) {
        Map<String, Chunk> found = new HashMap<>();
        String archiveName = archive.getFileName().toString();
        String current = null;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file, BUFFER))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                String base = baseName(entry.getName());
                if (entry.isFile() && batchNames.contains(base) && !found.containsKey(base)) {
                    current = entry.getName();
                    found.put(base, readRecords(archiveName + "!" + current, tar, entry.getSize(), numClasses, true));
                    current = null;
                }
                if (found.size() == batchNames.size()) {
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            throw DatasetException.in(archiveName, "no such file (looked at " + archive.toAbsolutePath() + ")");
        } catch (IOException e) {
            String where = current == null ? "" : " inside " + current;
            throw new DatasetException(archiveName + ": cannot read the archive" + where + " (truncated or corrupt? "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        List<Chunk> chunks = new ArrayList<>();
        for (String name : batchNames) {
            Chunk chunk = found.get(name);
            if (chunk == null) {
                throw DatasetException.in(archiveName, "has no " + name);
            }
            chunks.add(chunk);
        }
        return concat(chunks, numClasses);
    }

    private record Chunk(byte[] labels, byte[] pixels) {
    }

    private static Chunk readRecords(String source, InputStream in, long size, int numClasses, boolean inArchive)
            throws IOException {
        if (size <= 0 || size % RECORD_BYTES != 0) {
            throw DatasetException.in(source, size + " bytes is not a whole number of " + RECORD_BYTES
                    + "-byte records (truncated?)");
        }
        if (size / RECORD_BYTES * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw DatasetException.in(source, "too large to hold in memory");
        }
        int count = (int) (size / RECORD_BYTES);
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * IMAGE_BYTES];
        byte[] record = new byte[RECORD_BYTES];
        for (int i = 0; i < count; i++) {
            int got = in.readNBytes(record, 0, RECORD_BYTES);
            if (got < RECORD_BYTES) {
                throw DatasetException.in(source, (inArchive ? "archive " : "file ") + "ends inside record " + i + " of "
                        + count + " (truncated)");
            }
            int label = record[0] & 0xFF;
            if (label >= numClasses) {
                throw DatasetException.in(source, "label " + label + " at index " + i + " is outside 0.." + (numClasses - 1));
            }
            labels[i] = record[0];
            System.arraycopy(record, 1, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
        }
        return new Chunk(labels, pixels);
    }

    private static ImageSet concat(List<Chunk> chunks, int numClasses) {
        if (chunks.size() == 1) {
            return new ImageSet(chunks.get(0).pixels(), chunks.get(0).labels(), CHANNELS, SIDE, SIDE, numClasses);
        }
        int count = chunks.stream().mapToInt(c -> c.labels().length).sum();
        byte[] labels = new byte[count];
        byte[] pixels = new byte[Math.multiplyExact(count, IMAGE_BYTES)];
        int at = 0;
        for (Chunk c : chunks) {
            System.arraycopy(c.labels(), 0, labels, at, c.labels().length);
            System.arraycopy(c.pixels(), 0, pixels, at * IMAGE_BYTES, c.pixels().length);
            at += c.labels().length;
        }
        return new ImageSet(pixels, labels, CHANNELS, SIDE, SIDE, numClasses);
    }

    private static String baseName(String entryName) {
        int slash = entryName.lastIndexOf('/');
        return slash < 0 ? entryName : entryName.substring(slash + 1);
    }
}
