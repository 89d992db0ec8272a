package cnn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files (LeCun et al., http://yann.lecun.com/exdb/mnist/): big-endian magic 2051 for unsigned-byte
 * images [N, rows, cols] and 2049 for unsigned-byte labels [N]. Gzip or raw, told apart by the gzip magic bytes, not
 * by the file name.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803; // 2051: ubyte, 3 dimensions
    public static final int LABELS_MAGIC = 0x00000801; // 2049: ubyte, 1 dimension
    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** Reads an images file and its labels file into one single-channel set, checking that they agree. */
    public static ImageSet read(Path imagesFile, Path labelsFile, int numClasses) {
        Images images = readImages(imagesFile);
        byte[] labels = readLabels(labelsFile, numClasses);
        if (labels.length != images.count()) {
            throw DatasetException.in(labelsFile, labels.length + " labels but " + imagesFile.getFileName()
                    + " has " + images.count() + " images");
        }
        return new ImageSet(images.pixels(), labels, 1, images.rows(), images.cols(), numClasses);
    }

    /** The pixels of an IDX images file: {@code count} images of {@code rows x cols}, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(Path file) {
        try (Source src = Source.open(file)) {
            int[] header = src.header(IMAGES_MAGIC, "images", 3);
            int count = header[0];
            int rows = header[1];
            int cols = header[2];
            long bytes = (long) count * rows * cols;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw DatasetException.in(file, count + " images of " + rows + "x" + cols + " is too large to hold in memory");
            }
            String promise = count + " images of " + rows + "x" + cols;
            byte[] pixels = src.body((int) bytes, 16, promise);
            return new Images(count, rows, cols, pixels);
        }
    }

    public static byte[] readLabels(Path file, int numClasses) {
        try (Source src = Source.open(file)) {
            int count = src.header(LABELS_MAGIC, "labels", 1)[0];
            byte[] labels = src.body(count, 8, count + " labels");
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i] & 0xFF;
                if (label >= numClasses) {
                    throw DatasetException.in(file, "label " + label + " at index " + i + " is outside 0.." + (numClasses - 1));
                }
            }
            return labels;
        }
    }

    /** True if the file starts with the gzip magic bytes 1f 8b. */
    private static boolean isGzip(InputStream markable) throws IOException {
        markable.mark(2);
        int b0 = markable.read();
        int b1 = markable.read();
        markable.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /** One open IDX file, decompressed if needed; every failure becomes a DatasetException naming the file. */
    private static final class Source implements AutoCloseable {
        private final Path file;
        private final boolean gzip;
        private final DataInputStream in;

        private Source(Path file, boolean gzip, DataInputStream in) {
            this.file = file;
            this.gzip = gzip;
            this.in = in;
        }

        static Source open(Path file) {
            InputStream raw = null;
            try {
                raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
                boolean gzip = isGzip(raw);
                InputStream data = gzip ? new GZIPInputStream(raw, BUFFER) : raw;
                return new Source(file, gzip, new DataInputStream(data));
            } catch (NoSuchFileException e) {
                closeQuietly(raw);
                throw DatasetException.in(file, "no such file (looked at " + file.toAbsolutePath() + ")");
            } catch (IOException e) {
                closeQuietly(raw);
                throw failure(file, e);
            }
        }

        /** Reads and checks the magic number, then returns the dimension sizes. */
        int[] header(int magic, String kind, int dims) {
            try {
                int found = in.readInt();
                if (found != magic) {
                    throw DatasetException.in(file, "magic number " + found + ", expected " + magic
                            + " for an IDX " + kind + " file" + hint(found));
                }
                int[] sizes = new int[dims];
                for (int d = 0; d < dims; d++) {
                    sizes[d] = in.readInt();
                    if (sizes[d] < 0 || (sizes[d] == 0 && d > 0)) {
                        throw DatasetException.in(file, "dimension " + d + " of the IDX header is " + sizes[d]);
                    }
                }
                return sizes;
            } catch (EOFException e) {
                throw DatasetException.in(file, "too short to hold an IDX " + kind + " header (truncated?)");
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        /** Reads exactly {@code n} bytes after a header of {@code headerBytes}, and checks that nothing follows. */
        byte[] body(int n, int headerBytes, String promise) {
            try {
                if (!gzip) {
                    long size = Files.size(file);
                    if (size != headerBytes + (long) n) {
                        throw DatasetException.in(file, (size < headerBytes + (long) n ? "truncated: " : "")
                                + "the header promises " + promise + " (" + (headerBytes + (long) n)
                                + " bytes) but the file has " + size + " bytes");
                    }
                }
                byte[] data = new byte[n];
                int got = in.readNBytes(data, 0, n);
                if (got < n) {
                    throw DatasetException.in(file, "truncated: the header promises " + promise + " but the data ends after "
                            + got + " of " + n + " bytes");
                }
                if (in.read() != -1) {
                    throw DatasetException.in(file, "more data than the header's " + promise);
                }
                return data;
            } catch (EOFException e) {
                throw DatasetException.in(file, "truncated: the gzip stream ends before the header's " + promise);
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        private static String hint(int found) {
            if (found == IMAGES_MAGIC) {
                return " (this is an images file)";
            }
            if (found == LABELS_MAGIC) {
                return " (this is a labels file)";
            }
            return "";
        }

        @Override
        public void close() {
            closeQuietly(in);
        }
    }

    static DatasetException failure(Path file, IOException e) {
        if (e instanceof ZipException) {
            return DatasetException.in(file, "corrupt gzip data (" + e.getMessage() + ")");
        }
        if (e instanceof EOFException) {
            return DatasetException.in(file, "truncated: unexpected end of file");
        }
        return new DatasetException(file.getFileName() + ": cannot read " + file.toAbsolutePath() + " ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do: the data was read or the read already failed
        }
    }
}
