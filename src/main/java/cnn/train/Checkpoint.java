package cnn.train;

import cnn.io.AtomicFile;
import cnn.io.BadInputException;
import cnn.spec.ModelSpec;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything needed to continue or evaluate a run, in one file: a JSON header (the model spec, the run
 * config, where training stands, the epoch history) followed by the flat parameter, batch-norm buffer and
 * optimizer-state arrays as raw little-endian numbers. Written to a temporary file, flushed to disk and
 * renamed into place, so a crash never leaves a half-written checkpoint.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "CNNCKPT1".getBytes(StandardCharsets.US_ASCII);

    /** Where training stands at the end of an epoch. */
    public record Header(int format, String model, ModelSpec spec, String modelSource, JsonNode config, String dtype,
            long params, long buffers, long optimizerState, int epoch, long step, long optimizerSteps,
            long[] dropoutCalls, Integer bestEpoch, Double bestValue, int epochsSinceBest, List<EpochRecord> history) {}

    private Checkpoint() {}

    /** Writes `header` and the three arrays to `file` atomically. */
    public static void save(Path file, Header header, INDArray params, INDArray buffers, INDArray optimizerState) {
        byte[] json;
        try {
            json = SpecReader.jsonMapper().writeValueAsBytes(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFile.write(file, ch -> {
            ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4 + json.length).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(json.length).put(json).flip();
            writeFully(ch, head);
            for (INDArray a : new INDArray[] {params, buffers, optimizerState}) {
                if (a != null && a.length() > 0) {
                    writeFully(ch, bytes(a));
                }
            }
        });
    }

    /** Reads only the header. */
    public static Header header(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the arrays into the given (already built) buffers, which must have the header's sizes. */
    public static Header load(Path file, INDArray params, INDArray buffers, INDArray optimizerState) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            check(file, "parameters", h.params(), params);
            check(file, "buffers", h.buffers(), buffers);
            if (optimizerState != null) {
                check(file, "optimizer state", h.optimizerState(), optimizerState);
            }
            long expected = ch.position() + (h.params() + h.buffers() + h.optimizerState()) * elementSize(h.dtype());
            if (ch.size() != expected) {
                throw new BadInputException(file + ": " + ch.size() + " bytes, expected " + expected
                        + " (truncated or corrupt checkpoint)");
            }
            for (INDArray a : new INDArray[] {params, buffers}) {
                if (a.length() > 0) {
                    readFully(file, ch, bytes(a));
                }
            }
            if (optimizerState != null && optimizerState.length() > 0) {
                readFully(file, ch, bytes(optimizerState));
            }
            return h;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        if (ch.read(head) != head.capacity()) {
            throw new BadInputException(file + ": not a cnn checkpoint (too short)");
        }
        head.flip();
        byte[] magic = new byte[MAGIC.length];
        head.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new BadInputException(file + ": not a cnn checkpoint (bad magic number)");
        }
        int length = head.getInt();
        if (length <= 0 || length > ch.size()) {
            throw new BadInputException(file + ": corrupt checkpoint header (length " + length + ")");
        }
        ByteBuffer json = ByteBuffer.allocate(length);
        readFully(file, ch, json);
        try {
            return SpecReader.jsonMapper().readValue(json.array(), Header.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": corrupt checkpoint header: " + e.getMessage());
        }
    }

    private static void check(Path file, String what, long expected, INDArray a) {
        if (a.length() != expected) {
            throw new BadInputException(file + ": holds " + expected + " " + what + " but the model has " + a.length());
        }
    }

    private static int elementSize(String dtype) {
        return switch (dtype) {
            case "FLOAT" -> 4;
            case "DOUBLE" -> 8;
            default -> throw new BadInputException("unsupported checkpoint data type " + dtype);
        };
    }

    /** The bytes of a contiguous array, as a view of its native memory (no copy). */
    private static ByteBuffer bytes(INDArray a) {
        if (!a.isVector() && a.length() > 1 || a.ordering() != 'c' || a.elementWiseStride() != 1) {
            throw new IllegalArgumentException("checkpoints hold flat contiguous arrays");
        }
        int size = a.dataType().width();
        ByteBuffer all = a.data().asNio().duplicate().order(ByteOrder.nativeOrder());
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("checkpoints are little-endian; this machine is not");
        }
        long from = a.offset() * size;
        all.limit(Math.toIntExact(from + a.length() * size)).position(Math.toIntExact(from));
        return all.slice();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new BadInputException(file + ": truncated checkpoint");
            }
        }
    }
}
