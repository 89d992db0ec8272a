package cnn.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One PyTorch golden fixture of {@code ../shared/reference/ops} (format in its README): {@code #} comments,
 * {@code #@ key values...} attributes, and {@code tensor <name> <ndim> <dims...>} headers each followed by one
 * line of row-major values.
 */
public final class OpsFixture {
    /** A tensor as written: values in float64, exactly as PyTorch's repr gave them. */
    public record Tensor(String name, long[] shape, double[] values) {
        /** The values in {@code type}; float32 inputs round-trip exactly, computed values round to nearest. */
        public INDArray toArray(DataType type) {
            return Nd4j.create(values, shape, 'c').castTo(type);
        }
    }

    private final Path path;
    private final Map<String, List<String>> attrs;
    private final Map<String, Tensor> tensors;

    private OpsFixture(Path path, Map<String, List<String>> attrs, Map<String, Tensor> tensors) {
        this.path = path;
        this.attrs = Collections.unmodifiableMap(attrs);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** The fixture directory: System property {@code cnn.golden.ops}, else {@code <cnn.shared>/reference/ops}. */
    public static Path directory() {
        String dir = System.getProperty("cnn.golden.ops");
        if (dir != null) return Path.of(dir);
        String shared = System.getProperty("cnn.shared");
        if (shared == null) throw new IllegalStateException("set -Dcnn.golden.ops=DIR or -Dcnn.shared=DIR");
        return Path.of(shared, "reference", "ops");
    }

    /** The {@code .txt} files in {@code dir} whose names start with one of {@code prefixes}, sorted. */
    public static List<Path> list(Path dir, String... prefixes) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String f = p.getFileName().toString();
                return f.endsWith(".txt") && Arrays.stream(prefixes).anyMatch(f::startsWith);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fixtures in " + dir, e);
        }
    }

    public static OpsFixture read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path);
        Map<String, List<String>> attrs = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#@ ")) {
                List<String> words = words(line.substring(3));
                if (words.isEmpty() || attrs.put(words.get(0), words.subList(1, words.size())) != null) {
                    throw new IOException(path + ":" + (i + 1) + ": empty or repeated attribute: " + line);
                }
            } else if (line.startsWith("tensor ")) {
                if (i + 1 >= lines.size()) throw new IOException(path + ":" + (i + 1) + ": tensor without values");
                Tensor t = tensor(words(line), words(lines.get(++i)));
                if (tensors.put(t.name(), t) != null) throw new IOException(path + ": repeated tensor " + t.name());
            } else if (!line.startsWith("#") && !line.isBlank()) {
                throw new IOException(path + ":" + (i + 1) + ": unexpected line: " + line);
            }
        }
        return new OpsFixture(path, attrs, tensors);
    }

    private static List<String> words(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static Tensor tensor(List<String> header, List<String> values) throws IOException {
        int ndim = Integer.parseInt(header.get(2));
        if (header.size() != 3 + ndim) throw new IOException("bad tensor header: " + header);
        long[] shape = new long[ndim];
        long count = 1;
        for (int d = 0; d < ndim; d++) {
            shape[d] = Long.parseLong(header.get(3 + d));
            count *= shape[d];
        }
        if (values.size() != count) {
            throw new IOException("tensor " + header.get(1) + " " + Arrays.toString(shape) + " needs " + count
                    + " values, got " + values.size());
        }
        return new Tensor(header.get(1), shape, values.stream().mapToDouble(Double::parseDouble).toArray());
    }

    public Path path() {
        return path;
    }

    /** The file name without {@code .txt}. */
    public String name() {
        String f = path.getFileName().toString();
        return f.endsWith(".txt") ? f.substring(0, f.length() - 4) : f;
    }

    /** Every attribute, in file order: key to its values. */
    public Map<String, List<String>> attrs() {
        return attrs;
    }

    public boolean has(String key) {
        return attrs.containsKey(key);
    }

    public List<String> attrValues(String key) {
        List<String> v = attrs.get(key);
        if (v == null) throw new IllegalArgumentException(path + ": no attribute '" + key + "'");
        return v;
    }

    /** The single value of attribute {@code key}. */
    public String attr(String key) {
        List<String> v = attrValues(key);
        if (v.size() != 1) throw new IllegalArgumentException(path + ": attribute '" + key + "' has values " + v);
        return v.get(0);
    }

    public double attrDouble(String key) {
        return Double.parseDouble(attr(key));
    }

    public long attrLong(String key) {
        return Long.parseLong(attr(key));
    }

    /** A {@code 0|1} attribute. */
    public boolean attrFlag(String key) {
        String v = attr(key);
        if (!v.equals("0") && !v.equals("1")) {
            throw new IllegalArgumentException(path + ": attribute '" + key + "' must be 0 or 1, got " + v);
        }
        return v.equals("1");
    }

    /** Tensors in file order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException(path + ": no tensor '" + name + "', has " + tensors.keySet());
        return t;
    }

    public INDArray array(String name, DataType type) {
        return tensor(name).toArray(type);
    }
}
