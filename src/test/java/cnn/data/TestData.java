package cnn.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small data set files written by the tests, byte for byte in the published formats. */
final class TestData {
    private TestData() {
    }

    /** Pixel value of image i at (c, y, x): a pattern that differs across images, channels, rows and columns. */
    static int pixel(int i, int c, int y, int x) {
        return (i * 31 + c * 67 + y * 7 + x * 3) & 0xFF;
    }

    static byte[] idxImages(int magic, int count, int rows, int cols) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < count; i++) {
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        out.writeByte(pixel(i, 0, y, x));
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static byte[] idxImages(int count, int rows, int cols) {
        return idxImages(IdxReader.IMAGES_MAGIC, count, rows, cols);
    }

    static byte[] idxLabels(int magic, byte[] labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(labels.length);
            out.write(labels);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static byte[] idxLabels(byte[] labels) {
        return idxLabels(IdxReader.LABELS_MAGIC, labels);
    }

    /** Labels 0..classes-1 in a repeating pattern. */
    static byte[] labels(int count, int classes) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) ((i * 7 + 3) % classes);
        }
        return labels;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /** CIFAR binary records for images first..first+count-1: label byte, then R, G, B planes of 32x32. */
    static byte[] cifarBatch(int first, int count) {
        byte[] out = new byte[count * CifarReader.RECORD_BYTES];
        for (int n = 0; n < count; n++) {
            int i = first + n;
            int at = n * CifarReader.RECORD_BYTES;
            out[at++] = (byte) (i % 10);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        out[at++] = (byte) pixel(i, c, y, x);
                    }
                }
            }
        }
        return out;
    }

    /** A gzip'd tar archive holding the given entries (path inside the archive to content), in iteration order. */
    static byte[] tarGz(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A synthetic set of {@code count} square images with the {@link #pixel} pattern. */
    static ImageSet images(int count, int channels, int side, int classes) {
        byte[] px = new byte[count * channels * side * side];
        int at = 0;
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        px[at++] = (byte) pixel(i, c, y, x);
                    }
                }
            }
        }
        return new ImageSet(px, labels(count, classes), channels, side, side, classes);
    }
}
