package cnn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.report.ModelSummary;
import cnn.zoo.Zoo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatternParserTest {

    private static Node resolve(String pattern, String input, int classes) {
        String yaml = "name: p\ninput: " + input + "\nclasses: " + classes + "\npattern: \"" + pattern + "\"\n";
        return Resolver.resolve(SpecReader.parseModel(yaml, SpecReader.Format.YAML, "p.yaml"), "p.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INPUT -> FC",
        "INPUT -> CONV -> RELU -> FC",
        "INPUT -> [CONV -> RELU -> POOL]*2 -> FC -> RELU -> FC",
        "INPUT -> [CONV -> RELU -> CONV -> RELU -> POOL]*3 -> [FC -> RELU]*2 -> FC",
        "INPUT -> [[CONV(64) -> RELU]*2 -> POOL]*2 -> [FC(256) -> RELU]*2 -> FC"})
    void theSeedExamplesParse(String pattern) {
        Node root = resolve(pattern, "[1, 28, 28]", 10);
        assertEquals("[10]", root.out().toString());
    }

    @Test
    void typesOfTheSeedGrammar() {
        List<String> types = PatternParser.parse("INPUT -> [CONV -> RELU -> POOL]*2 -> FC -> RELU -> FC").stream()
                .map(LayerSpec::type).toList();
        assertEquals(List.of("conv", "relu", "max_pool", "conv", "relu", "max_pool", "flatten", "linear", "relu", "classifier"),
                types);
    }

    /** VGG-16 (configuration D) as a pattern and as the equivalent layer list summarise identically. */
    @Test
    void vgg16PatternEqualsItsLayerList() {
        Node pattern = resolve("INPUT -> [[CONV(64) -> RELU]*2 -> POOL]*2(widen=2)"
                + " -> [[CONV(256) -> RELU]*3 -> POOL]*3(widen=2, max=512)"
                + " -> [FC(4096) -> RELU -> DROPOUT]*2 -> FC", "[3, 224, 224]", 1000);
        StringBuilder layers = new StringBuilder();
        int[][] stages = {{64, 2}, {128, 2}, {256, 3}, {512, 3}, {512, 3}};
        for (int[] s : stages) {
            for (int i = 0; i < s[1]; i++) {
                layers.append("  - {type: conv, out: ").append(s[0]).append(", kernel: 3}\n  - {type: relu}\n");
            }
            layers.append("  - {type: max_pool, kernel: 2}\n");
        }
        layers.append("  - {type: flatten}\n");
        for (int i = 0; i < 2; i++) {
            layers.append("  - {type: linear, out: 4096}\n  - {type: relu}\n  - {type: dropout, p: 0.5}\n");
        }
        layers.append("  - {type: classifier}\n");
        ModelSpec list = SpecReader.parseModel("name: p\ninput: [3, 224, 224]\nclasses: 1000\nlayers:\n" + layers,
                SpecReader.Format.YAML, "l.yaml");
        Node listed = Resolver.resolve(list, "l.yaml");
        assertEquals(rows(listed), rows(pattern));
        assertEquals(138_357_544L, pattern.params(), "torchvision vgg16 (../shared/reference/counts.csv)");
        assertEquals(15_470_264_320L, pattern.macs());
        Node zoo = Zoo.resolve("vgg16", null, null).root();
        assertEquals(zoo.params(), pattern.params());
        assertEquals(zoo.macs(), pattern.macs());
    }

    private static List<String> rows(Node root) {
        List<String> rows = new ArrayList<>();
        for (ModelSummary.Row r : ModelSummary.of(root, "x", 1, ModelSummary.OptimizerState.SGD).layers()) {
            rows.add(String.join(" ", r.path(), r.type(), r.output(), Long.toString(r.params()), Long.toString(r.macs()),
                    Long.toString(r.activationBytes())));
        }
        return rows;
    }

    @Test
    void widenMultipliesPerRepetitionAndCaps() {
        List<Integer> widths = PatternParser.parse("INPUT -> [CONV(8) -> RELU]*4(widen=2, max=32) -> FC").stream()
                .filter(l -> l instanceof LayerSpec.Conv).map(l -> ((LayerSpec.Conv) l).out()).toList();
        assertEquals(List.of(8, 16, 32, 32), widths);
        List<Integer> nested = PatternParser.parse("INPUT -> [[CONV(4)]*2(widen=3)]*2(widen=2) -> FC").stream()
                .filter(l -> l instanceof LayerSpec.Conv).map(l -> ((LayerSpec.Conv) l).out()).toList();
        assertEquals(List.of(4, 12, 8, 24), nested);
    }

    @Test
    void argumentsPositionalAndByKeyword() {
        List<LayerSpec> l = PatternParser.parse("INPUT -> CONV(16, 5, s=2, p=0, bias=false) -> BN(eps=0.001) -> LRELU(0.2)"
                + " -> AVGPOOL(3, 2, ceil=true) -> DWCONV(m=2) -> GAP -> FLATTEN -> DROPOUT(0.3) -> FC(bias=false)");
        LayerSpec.Conv c = assertInstanceOf(LayerSpec.Conv.class, l.get(0));
        assertEquals(16, c.out());
        assertEquals(Size2.of(5), c.kernel());
        assertEquals(Size2.of(2), c.stride());
        assertEquals(Size2.of(0), c.pad());
        assertEquals(false, c.bias());
        assertEquals(0.001, ((LayerSpec.BatchNorm) l.get(1)).eps());
        assertEquals(0.2, ((LayerSpec.LeakyRelu) l.get(2)).slope());
        LayerSpec.AvgPool p = (LayerSpec.AvgPool) l.get(3);
        assertEquals(Size2.of(3), p.kernel());
        assertEquals(Size2.of(2), p.stride());
        assertTrue(p.ceilMode());
        assertEquals(2, ((LayerSpec.DepthwiseConv) l.get(4)).multiplier());
        assertEquals(0.3, ((LayerSpec.Dropout) l.get(7)).p());
        assertEquals(false, ((LayerSpec.Classifier) l.get(8)).bias());
        assertEquals(1, l.stream().filter(x -> x instanceof LayerSpec.Flatten).count(), "no second flatten");
    }

    @Test
    void aFlattenGoesBeforeTheFirstFcOnly() {
        String types = PatternParser.parse("INPUT -> CONV -> FC(32) -> FC").stream().map(LayerSpec::type)
                .collect(Collectors.joining(" "));
        assertEquals("conv flatten linear classifier", types);
    }

    @Test
    void namesAreCaseInsensitiveAndWhitespaceFree() {
        assertEquals(PatternParser.parse("INPUT -> CONV(8) -> RELU -> FC"), PatternParser.parse("input->conv(8)->relu->fc"));
    }

    @Test
    void errorsSayWhereInThePattern() {
        FieldError e = assertThrows(FieldError.class, () -> PatternParser.parse("INPUT -> [CONV -> RELU]*2 -> FC ->"));
        assertEquals("pattern", e.field());
        assertTrue(e.getMessage().contains("column"), e.getMessage());
    }
}
