package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnn.spec.BasicBlock;
import cnn.spec.Bottleneck;
import cnn.spec.DepthwiseSeparable;
import cnn.spec.Inception;
import cnn.spec.InvertedResidual;
import cnn.spec.LayerSpec;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.Shape;
import cnn.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/**
 * Every op fixture of {@code ../shared/reference/ops} (or of the folder in System property
 * {@code cnn.golden.ops}, e.g. one made by {@code make_goldens.py DIR SEED}) against our layers, in
 * float32 (tolerance 1e-5) and float64 (1e-10), per tensor {@code max|ours - ref| / max|ref|}.
 * Shapes and hyper-parameters come from the file only; the dispatch key is {@code #@ op}, and an op
 * without a case fails. System property {@code cnn.golden.skipOps} (comma-separated ops) leaves files out,
 * e.g. {@code -Dcnn.golden.skipOps=inception,lrn}. Composite blocks are built from the spec's block kinds
 * ({@link cnn.spec.BasicBlock}, ...) through {@link Network}, as models build them.
 */
class OpGoldenTest {
    static Stream<Arguments> fixtures() throws IOException {
        Path dir = Path.of(System.getProperty("cnn.golden.ops", Golden.shared().resolve("reference/ops").toString()));
        String skipOps = System.getProperty("cnn.golden.skipOps", "");
        Set<String> skip = skipOps.isBlank() ? Set.of() : Set.of(skipOps.split(","));
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".txt") && !n.equals("cases.txt") && !n.startsWith("optim_") && !n.startsWith("sched_")
                        && (skip.isEmpty() || !skip.contains(Golden.read(f).string("op")))) {
                    out.add(Arguments.of(n.substring(0, n.length() - 4), f, DataType.FLOAT));
                    out.add(Arguments.of(n.substring(0, n.length() - 4), f, DataType.DOUBLE));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no fixtures in " + dir);
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("fixtures")
    void matchesPyTorch(String name, Path file, DataType dtype) {
        new Case(Golden.read(file), dtype).run();
    }

    @Test
    void failsOnAnOpItDoesNotKnow(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bogus.txt");
        Files.writeString(f, "#@ case bogus\n#@ op no_such_op\ntensor x 1 2\n1.0 2.0\n");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> new Case(Golden.read(f), DataType.FLOAT).run());
        assertTrue(e.getMessage().contains("unknown op 'no_such_op'"), e.getMessage());
    }

    /** One fixture in one dtype: builds the op from the file, runs it and checks every tensor. */
    static final class Case {
        private final Golden g;
        private final DataType dtype;
        private final double tol;
        private final Set<String> checked = new HashSet<>();

        Case(Golden g, DataType dtype) {
            this.g = g;
            this.dtype = dtype;
            this.tol = dtype == DataType.DOUBLE ? 1e-10 : 1e-5;
        }

        void run() {
            String op = g.string("op");
            switch (op) {
                case "conv2d" -> layer(this::conv);
                case "linear" -> layer(this::linear);
                case "flatten_linear" -> layer(s -> new Sequential(List.of(new Flatten(), linear(s))));
                case "batch_norm2d" -> layer(s -> new BatchNorm2d(s, "", (int) g.tensor("weight").shape()[0],
                        g.number("eps"), g.number("momentum")));
                case "max_pool2d" -> layer(s -> new MaxPool2d(at("kernel_size", 0), at("kernel_size", 1),
                        at("stride", 0), at("stride", 1), at("padding", 0), at("padding", 1), g.flag("ceil_mode")));
                case "avg_pool2d" -> layer(s -> new AvgPool2d(at("kernel_size", 0), at("kernel_size", 1),
                        at("stride", 0), at("stride", 1), at("padding", 0), at("padding", 1), g.flag("ceil_mode"),
                        g.flag("count_include_pad")));
                case "adaptive_avg_pool2d" -> layer(s -> new AdaptiveAvgPool2d(at("output_size", 0), at("output_size", 1)));
                case "local_response_norm" -> layer(s -> new LocalResponseNorm(g.integer("size"), g.number("alpha"),
                        g.number("beta"), g.number("k")));
                case "relu" -> layer(s -> new ReLU());
                case "relu6" -> layer(s -> new ReLU6());
                case "leaky_relu" -> layer(s -> new LeakyReLU(
                        g.hasAttr("negative_slope") ? g.number("negative_slope") : 0.01)); // PyTorch default
                case "tanh" -> layer(s -> new Tanh());
                case "sigmoid" -> layer(s -> new Sigmoid());
                case "hardswish" -> layer(s -> new Hardswish());
                case "cross_entropy" -> crossEntropy();
                case "resnet_basic" -> block(new BasicBlock(null, outChannels(), g.integer("stride"), null), "downsample");
                case "resnet_bottleneck" -> block(new Bottleneck(null, (int) g.tensor("conv1.weight").shape()[0], outChannels(),
                        g.integer("stride"), g.integer("groups"), null), "downsample");
                case "mobilenetv2_inverted_residual" -> block(new InvertedResidual(null, g.integer("expand_ratio"),
                        outChannels(), g.integer("stride")), null);
                case "mobilenetv1_dw_separable" -> block(new DepthwiseSeparable(null, outChannels(), g.integer("stride")), null);
                case "inception" -> {
                    int[] c = g.ints("channels");
                    int k5 = (int) g.tensor("branch3.1.conv.weight").shape()[2];
                    block(new Inception(null, c[0], c[1], c[2], c[3], c[4], c[5], k5, g.number("bn_eps")), null);
                }
                default -> fail(g.file() + ": unknown op '" + op + "'");
            }
            Set<String> unchecked = new TreeSet<>(g.names());
            unchecked.removeAll(checked);
            unchecked.removeIf(n -> n.startsWith("aux."));
            assertTrue(unchecked.isEmpty(), g.file() + ": tensors not used or checked: " + unchecked);
        }

        private int outChannels() {
            return (int) g.tensor("y").shape()[1];
        }

        /**
         * A composite-block case built the way models build it: the spec's block kind, resolved at the
         * fixture's input shape and built by {@link Network}. Batch norm inside blocks uses PyTorch's defaults
         * (eps 1e-5, momentum 0.1; inception takes its eps); a fixture with others cannot be expressed.
         */
        private void block(LayerSpec spec, String shortcutFlagName) {
            if (!(spec instanceof Inception)) {
                assertEquals(1e-5, g.number("bn_eps"), "this block kind's batch-norm eps");
            }
            assertEquals(0.1, g.number("bn_momentum"), "batch-norm momentum");
            long[] x = g.tensor("x").shape();
            Node node = Resolver.resolveLayer(spec, Shape.chw((int) x[1], (int) x[2], (int) x[3]), 1, g.file().toString());
            if (shortcutFlagName != null) {
                boolean projected = node.children().stream().anyMatch(c -> c.name().equals(shortcutFlagName));
                assertEquals(g.flag(shortcutFlagName), projected, "the block's shortcut is a projection");
            }
            layer(s -> Network.buildLayer(node, s, 0, Init.PYTORCH_DEFAULT));
        }

        private int at(String key, int i) {
            return g.ints(key)[i];
        }

        private Layer linear(ParamStore s) {
            long[] w = g.tensor("weight").shape();
            boolean bias = g.hasAttr("bias") ? g.flag("bias") : g.has("bias");
            return new Linear(s, "", (int) w[1], (int) w[0], bias, Init.PYTORCH_DEFAULT);
        }

        private void crossEntropy() {
            assertEquals("mean", g.string("reduction"), "reduction");
            double[] raw = g.tensor("labels").values();
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = (int) raw[i];
            }
            checked.add("labels");
            SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(g.number("label_smoothing"));
            double loss = ce.forward(load("logits"), labels);
            compare("loss", Nd4j.scalar(dtype, loss));
            compare("dlogits", ce.backward());
        }

        private Layer conv(ParamStore s) {
            long[] w = g.tensor("weight").shape();
            int[] k = g.ints("kernel_size");
            int[] st = g.ints("stride");
            int[] p = g.ints("padding");
            int groups = g.integer("groups");
            assertEquals(List.of("1", "1"), g.attr("dilation"), "dilation");
            return new Conv2d(s, "", (int) w[1] * groups, (int) w[0], k[0], k[1], st[0], st[1], p[0], p[1],
                    groups, g.flag("bias"), Init.PYTORCH_DEFAULT);
        }

        /**
         * A layer case (on NCHW maps, as the fixtures hold them): tensors between {@code x} and {@code y} are the
         * parameters and buffers by path;
         * checks {@code y}, {@code dx}, {@code d<param>} and {@code updated.<buffer>}.
         */
        private void layer(Function<ParamStore, Layer> build) {
            List<String> names = g.names();
            List<String> state = names.subList(names.indexOf("x") + 1, names.indexOf("y"));
            long size = state.stream().mapToLong(n -> g.tensor(n).values().length).sum();
            ParamStore s = new ParamStore(dtype, size, size, 0);
            Layer layer = new ChannelsLast(build.apply(s)); // the fixtures are NCHW
            Set<String> paths = new TreeSet<>(s.paramsByPath().keySet());
            paths.addAll(s.buffersByPath().keySet());
            assertEquals(new TreeSet<>(state), paths, "parameter and buffer paths");
            for (Param p : s.paramsByPath().values()) {
                p.value().assign(load(p.path()));
            }
            s.buffersByPath().forEach((path, b) -> b.assign(load(path)));
            boolean training = !g.hasAttr("training") || g.flag("training");
            INDArray y = layer.forward(load("x"), training);
            compare("y", y);
            INDArray dx = layer.backward(load("dy"));
            compare("dx", dx);
            for (Param p : s.paramsByPath().values()) {
                compare("d" + p.path(), p.grad());
            }
            s.buffersByPath().forEach((path, b) -> {
                if (training) {
                    compare("updated." + path, b);
                } else {
                    assertEquals(load(path), b, path + " must not change in eval mode");
                }
            });
        }

        private INDArray load(String name) {
            checked.add(name);
            return g.array(name, dtype);
        }

        private void compare(String name, INDArray ours) {
            INDArray ref = load(name);
            assertEquals(Arrays.toString(ref.shape()), Arrays.toString(ours.shape()), name + " shape");
            double scale = ref.amaxNumber().doubleValue();
            double err = ours.castTo(DataType.DOUBLE).sub(ref.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            assertTrue(err <= tol * scale, String.format("%s: %s max|ours-ref| = %.3g, max|ref| = %.3g, ratio %.3g > %.0e",
                    g.file().getFileName(), name, err, scale, err / scale, tol));
        }
    }
}
