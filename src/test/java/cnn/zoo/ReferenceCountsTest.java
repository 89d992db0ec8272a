package cnn.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.report.ModelSummary;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.SpecReader;
import cnn.testing.Cli;
import cnn.testing.Shared;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameter and MAC counts against PyTorch's (../shared/reference/counts.csv, per-layer tables), through
 * `cnn summarize NAME --format json` as a user would get them.
 */
class ReferenceCountsTest {

    /** Zoo name -> reference row; every zoo model that has a PyTorch counterpart. */
    static final Map<String, String> REFERENCE = Map.ofEntries(
            Map.entry("lenet5", "lenet5_32"),
            Map.entry("lenet5_mnist", "lenet5_28_pad2"),
            Map.entry("alexnet", "alexnet"),
            Map.entry("vgg16", "vgg16"),
            Map.entry("vgg16_bn", "vgg16_bn"),
            Map.entry("vgg16_cifar", "vgg16_bn_cifar"),
            Map.entry("googlenet", "googlenet"),
            Map.entry("resnet18", "resnet18"),
            Map.entry("resnet34", "resnet34"),
            Map.entry("resnet50", "resnet50"),
            Map.entry("resnet20_cifar", "resnet20_cifar_A"),
            Map.entry("resnet32_cifar", "resnet32_cifar_A"),
            Map.entry("resnet56_cifar", "resnet56_cifar_A"),
            Map.entry("resnext50_32x4d", "resnext50_32x4d"),
            Map.entry("mobilenet_v1", "mobilenet_v1"),
            Map.entry("mobilenet_v2", "mobilenet_v2"),
            Map.entry("mobilenet_v1_cifar", "mobilenet_v1_cifar"),
            Map.entry("mobilenet_v2_cifar", "mobilenet_v2_cifar"));

    record Ref(long params, long bnBuffers, long macs) {}

    static Map<String, Ref> counts() throws IOException {
        List<String> lines = Files.readAllLines(Shared.reference("counts.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, Ref> refs = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            refs.put(f[0], new Ref(Long.parseLong(f[header.indexOf("params")]),
                    Long.parseLong(f[header.indexOf("bn_buffers")]), Long.parseLong(f[header.indexOf("macs")])));
        }
        return refs;
    }

    static Stream<Arguments> pairs() {
        return REFERENCE.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("pairs")
    void summarizeJsonMatchesPyTorch(String zooName, String refName) throws IOException {
        Ref ref = counts().get(refName);
        Cli r = Cli.run("summarize", zooName, "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode j = SpecReader.jsonMapper().readTree(r.out());
        assertEquals(ref.params(), j.get("params").asLong(), "params");
        assertEquals(ref.bnBuffers(), j.get("buffers").asLong(), "BN running statistics are buffers");
        long macs = j.get("macs").asLong();
        assertTrue(Math.abs(macs - ref.macs()) <= 0.005 * ref.macs(), "MACs " + macs + " vs " + ref.macs());
        assertEquals(2 * macs, j.get("flops").asLong());
        for (String key : List.of("model", "input", "classes", "trainable_params", "layers")) {
            assertTrue(j.has(key), key);
        }
    }

    @Test
    void everyReferencedZooModelIsRegistered() {
        REFERENCE.keySet().forEach(n -> assertTrue(Zoo.entry(n).isPresent(), n));
    }

    /** The CIFAR ResNets with option-B projection shortcuts: the zoo's option-A specs with one word changed. */
    @ParameterizedTest
    @MethodSource("optionB")
    void cifarResNetsWithProjectionShortcutsMatchOptionB(String zooName, String refName) throws IOException {
        String yaml = new String(Zoo.class.getClassLoader().getResourceAsStream("models/" + zooName + ".yaml").readAllBytes())
                .replace("shortcut: option_a", "shortcut: projection");
        Node root = Resolver.resolve(SpecReader.parseModel(yaml, SpecReader.Format.YAML, "b.yaml"), "b.yaml");
        Ref ref = counts().get(refName);
        assertEquals(ref.params(), root.params());
        assertEquals(ref.bnBuffers(), root.buffers());
        assertEquals(ref.macs(), root.macs());
    }

    static Stream<Arguments> optionB() {
        return Stream.of(Arguments.of("resnet20_cifar", "resnet20_cifar_B"), Arguments.of("resnet32_cifar", "resnet32_cifar_B"),
                Arguments.of("resnet56_cifar", "resnet56_cifar_B"));
    }

    @Test
    void resnext29MatchesThePapersParameterCount() {
        // Xie et al. 2016, table 7: ResNeXt-29, 8x64d has 34.4M parameters.
        Node root = Zoo.resolve("resnext29_cifar", null, null).root();
        assertEquals(34.4, Math.round(root.params() / 1e5) / 10.0);
    }

    /**
     * Per-layer rows of torchinfo-style tables: every parameterised layer and container of the PyTorch model
     * appears under the same path with the same output shape, params and MACs.
     */
    @ParameterizedTest
    @MethodSource("layerTables")
    void perLayerTablesMatch(String zooName, String table) throws IOException {
        Map<String, ModelSummary.Row> ours = new HashMap<>();
        Zoo.Resolved r = Zoo.resolve(zooName, null, null);
        for (ModelSummary.Row row : ModelSummary.of(r.root(), r.source(), 1, ModelSummary.OptimizerState.NONE).layers()) {
            ours.put(row.path(), row);
        }
        List<String> lines = Files.readAllLines(Shared.reference(table));
        int compared = 0;
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split(",");
            String path = f[2];
            String type = f[3];
            if (!(type.equals("Conv2d") || type.equals("Linear") || type.equals("BatchNorm2d") || type.equals("Sequential")
                    || type.equals("BasicBlock") || type.endsWith("Pool2d") || type.equals("Flatten"))) {
                continue;
            }
            ModelSummary.Row row = ours.get(path);
            assertTrue(row != null, "no layer " + path + " (" + type + ") in " + zooName);
            String shape = f[5].substring(2).replace("x", ", ");
            assertEquals("[" + shape + "]", row.output(), path);
            assertEquals(Long.parseLong(f[6]), row.params(), path);
            assertEquals(Long.parseLong(f[7]), row.macs(), path);
            compared++;
        }
        assertTrue(compared >= 8, "compared " + compared);
    }

    static Stream<Arguments> layerTables() {
        return Stream.of(Arguments.of("lenet5", "layers_lenet5_32.csv"),
                Arguments.of("lenet5_mnist", "layers_lenet5_28_pad2.csv"),
                Arguments.of("resnet20_cifar", "layers_resnet20_cifar_A.csv"));
    }

}
