package cnn.nn;

import cnn.io.AtomicFile;
import cnn.io.BadInputException;
import cnn.nn.optim.Optimizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's numbers in one file: a JSON header, then the flat parameter, batch-norm buffer and optimizer-state
 * arrays as raw little-endian numbers. The header holds the data type and the three lengths, and under {@code run}
 * whatever the caller keeps with them (a training run's state, see {@code cnn.run.RunState}); this class reads and
 * writes the numbers and checks that they fit the network they go into. Written through {@link AtomicFile}.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "CNNCKPT1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the header says: the numbers' precision and lengths, and the caller's {@code run} object. */
    public record Info(Precision precision, long params, long buffers, long optimizerState, JsonNode run) {}

    private Checkpoint() {}

    /** Writes {@code net}'s parameters and buffers, {@code optimizer}'s state (or none) and {@code run} to {@code file}. */
    public static void save(Path file, JsonNode run, Network net, Optimizer optimizer) {
        INDArray params = net.store().params();
        INDArray buffers = net.store().buffers();
        INDArray state = optimizer == null ? null : optimizer.state();
        ObjectNode head = JSON.createObjectNode();
        head.put("format", 1);
        head.put("dtype", net.precision().dtypeName());
        head.put("params", params.length());
        head.put("buffers", buffers.length());
        head.put("optimizer_state", state == null ? 0 : state.length());
        head.set("run", run);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFile.write(file, ch -> {
            ByteBuffer h = ByteBuffer.allocate(MAGIC.length + 4 + json.length).order(ByteOrder.LITTLE_ENDIAN);
            h.put(MAGIC).putInt(json.length).put(json).flip();
            writeFully(ch, h);
            for (INDArray a : new INDArray[] {params, buffers, state}) {
                if (a != null && a.length() > 0) {
                    writeFully(ch, bytes(a));
                }
            }
        });
    }

    /** Reads only the header. */
    public static Info info(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the numbers into {@code net} (built for them) and, unless null, {@code optimizer}; returns the header.
     * The lengths must be the network's and the optimizer's.
     */
    public static Info load(Path file, Network net, Optimizer optimizer) {
        INDArray params = net.store().params();
        INDArray buffers = net.store().buffers();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Info h = readHeader(file, ch);
            check(file, "parameters", h.params(), params);
            check(file, "buffers", h.buffers(), buffers);
            if (optimizer != null) {
                check(file, "optimizer state", h.optimizerState(), optimizer.state());
            }
            if (h.precision() != net.precision()) {
                throw new BadInputException(file + ": holds " + h.precision() + " numbers but the network is "
                        + net.precision());
            }
            long width = h.precision() == Precision.FLOAT64 ? 8 : 4;
            long expected = ch.position() + (h.params() + h.buffers() + h.optimizerState()) * width;
            if (ch.size() != expected) {
                throw new BadInputException(file + ": " + ch.size() + " bytes, expected " + expected
                        + " (truncated or corrupt checkpoint)");
            }
            for (INDArray a : new INDArray[] {params, buffers}) {
                if (a.length() > 0) {
                    readFully(file, ch, bytes(a));
                }
            }
            if (optimizer != null && optimizer.state().length() > 0) {
                readFully(file, ch, bytes(optimizer.state()));
            }
            return h;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Info readHeader(Path file, FileChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        if (ch.read(head) != head.capacity()) {
            throw new BadInputException(file + ": not a cnn checkpoint (too short)");
        }
        head.flip();
        byte[] magic = new byte[MAGIC.length];
        head.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new BadInputException(file + ": not a cnn checkpoint (bad magic number)");
        }
        int length = head.getInt();
        if (length <= 0 || length > ch.size()) {
            throw new BadInputException(file + ": corrupt checkpoint header (length " + length + ")");
        }
        ByteBuffer json = ByteBuffer.allocate(length);
        readFully(file, ch, json);
        JsonNode h;
        try {
            h = JSON.readTree(json.array());
        } catch (IOException e) {
            throw new BadInputException(file + ": corrupt checkpoint header: " + e.getMessage());
        }
        Precision p;
        try {
            p = Precision.of(h.path("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": unsupported checkpoint data type " + h.path("dtype"));
        }
        return new Info(p, h.path("params").asLong(-1), h.path("buffers").asLong(-1), h.path("optimizer_state").asLong(-1),
                h.path("run"));
    }

    private static void check(Path file, String what, long expected, INDArray a) {
        if (a.length() != expected) {
            throw new BadInputException(file + ": holds " + expected + " " + what + " but the model has " + a.length());
        }
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
