package cnn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reader for the PyTorch golden files in {@code ../shared/reference}: the per-op format
 * ({@code tensor <name> <ndim> <dims...>}, {@code #@ key values} attributes) and the LeNet format
 * ({@code tensor <name> <dtype> <ndim> <dims...>}). Each header is followed by one line of values.
 */
public final class Golden {
    /** One tensor; {@code dtype} is null in the per-op format. Values are kept as doubles. */
    public record Tensor(String name, String dtype, long[] shape, double[] values) {
        public INDArray array(DataType type) {
            return Nd4j.create(values, shape, type);
        }
    }

    private final Path file;
    private final Map<String, List<String>> attrs;
    private final Map<String, Tensor> tensors;

    private Golden(Path file, Map<String, List<String>> attrs, Map<String, Tensor> tensors) {
        this.file = file;
        this.attrs = attrs;
        this.tensors = tensors;
    }

    /** The shared reference folder: System property {@code cnn.shared} (set by surefire), else {@code ../shared}. */
    public static Path shared() {
        return Path.of(System.getProperty("cnn.shared", "../shared"));
    }

    public static Golden read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> attrs = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#@")) {
                String[] t = line.substring(2).strip().split("\\s+");
                attrs.put(t[0], List.of(Arrays.copyOfRange(t, 1, t.length)));
            } else if (line.startsWith("tensor ")) {
                Tensor tensor = parse(file, line, i + 1 < lines.size() ? lines.get(++i) : "");
                if (tensors.put(tensor.name(), tensor) != null) {
                    throw new IllegalStateException(file + ": duplicate tensor " + tensor.name());
                }
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": unexpected line " + line);
            }
        }
        return new Golden(file, Collections.unmodifiableMap(attrs), Collections.unmodifiableMap(tensors));
    }

    private static Tensor parse(Path file, String header, String data) {
        String[] h = header.split("\\s+");
        int k = 2;
        String dtype = null;
        if (!Character.isDigit(h[k].charAt(0))) {
            dtype = h[k++];
        }
        int ndim = Integer.parseInt(h[k++]);
        if (h.length != k + ndim) {
            throw new IllegalStateException(file + ": bad header " + header);
        }
        long[] shape = new long[ndim];
        long n = 1;
        for (int d = 0; d < ndim; d++) {
            shape[d] = Long.parseLong(h[k + d]);
            n *= shape[d];
        }
        String[] tok = data.strip().split("\\s+");
        if (tok.length != n) {
            throw new IllegalStateException(file + ": " + h[1] + " has " + tok.length + " values, expected " + n);
        }
        double[] v = new double[tok.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(tok[i]);
        }
        return new Tensor(h[1], dtype, shape, v);
    }

    public Path file() {
        return file;
    }

    public boolean hasAttr(String key) {
        return attrs.containsKey(key);
    }

    public List<String> attr(String key) {
        List<String> v = attrs.get(key);
        if (v == null) {
            throw new IllegalStateException(file + ": no attribute '#@ " + key + "'");
        }
        return v;
    }

    public String string(String key) {
        return attr(key).get(0);
    }

    public int[] ints(String key) {
        return attr(key).stream().mapToInt(Integer::parseInt).toArray();
    }

    public int integer(String key) {
        return ints(key)[0];
    }

    public double number(String key) {
        return Double.parseDouble(string(key));
    }

    public boolean flag(String key) {
        return integer(key) != 0;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalStateException(file + ": no tensor '" + name + "'");
        }
        return t;
    }

    public INDArray array(String name, DataType type) {
        return tensor(name).array(type);
    }

    /** Tensor names in file order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }
}
