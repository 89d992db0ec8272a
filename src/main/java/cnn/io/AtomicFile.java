package cnn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file through a temporary sibling that is flushed and renamed into place, so that a reader (or a run
 * resumed after a crash) sees the old file or the whole new one, never part of one. The one way files are written in
 * cnn: run directories, reports, plots and checkpoints all go through here.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** What fills the temporary file: it gets the open channel, positioned at 0. */
    @FunctionalInterface
    public interface Content {
        void write(FileChannel channel) throws IOException;
    }

    /** A producer of the file at a path it is given (a library that only writes to file names, say). */
    @FunctionalInterface
    public interface PathContent {
        void write(Path file) throws IOException;
    }

    public static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, byte[] bytes) {
        write(file, ch -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /** Writes {@code file} with what {@code content} puts into the channel, then forces it to disk and renames it. */
    public static void write(Path file, Content content) {
        try {
            Path tmp = temporarySibling(file);
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                    content.write(ch);
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code file} by letting {@code content} create a temporary sibling path, for libraries that write to a
     * file name themselves; {@code suffix} is what such a library appends to the name it is given (XChart adds
     * {@code .png}).
     */
    public static void writeVia(Path file, String suffix, PathContent content) {
        try {
            Path tmp = temporarySibling(file);
            Path written = Path.of(tmp + suffix);
            try {
                content.write(tmp);
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies a finished file (last checkpoint to best, say) through a temporary sibling and an atomic rename. */
    public static void copy(Path from, Path to) {
        try {
            Path tmp = temporarySibling(to);
            try {
                Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fresh path beside {@code file} (in the same directory, so the rename stays on one file system), named
     * {@code .NAME.HEX.tmp}. Unlike {@code Files.createTempFile} it creates nothing: the caller creates it with the
     * usual permissions.
     */
    public static Path temporarySibling(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    }
}
