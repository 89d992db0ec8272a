package cnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.spec.SpecReader;
import cnn.testing.Cli;
import cnn.zoo.Zoo;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class CliTest {

    @Test
    void helpListsEveryCommand() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.status());
        for (String cmd : new String[] {"list", "summarize", "validate"}) {
            assertTrue(r.out().contains(cmd), cmd);
        }
        Cli sub = Cli.run("summarize", "--help");
        assertEquals(0, sub.status());
        assertTrue(sub.out().contains("--input") && sub.out().contains("Examples"), sub.out());
    }

    @Test
    void version() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("cnn "), r.out());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, Cli.run().status());
        assertEquals(2, Cli.run("frobnicate").status());
    }

    @Test
    void listShowsTheWholeZooInEveryFormat() throws Exception {
        Cli table = Cli.run("list");
        assertEquals(0, table.status(), table.err());
        Zoo.entries().forEach(e -> assertTrue(table.out().contains(e.name()), e.name()));
        assertTrue(table.out().contains("25,557,032"), "resnet50's params, grouped");
        Cli csv = Cli.run("list", "--format", "csv");
        assertEquals(Zoo.entries().size() + 1, csv.out().lines().count());
        assertTrue(csv.out().startsWith("model,family,input,classes,params,MACs"), csv.out());
        JsonNode json = SpecReader.jsonMapper().readTree(Cli.run("list", "--format", "json").out());
        assertEquals(Zoo.entries().size(), json.size());
        assertEquals("resnet50", json.get(11).get("name").asText());
        assertTrue(Cli.run("list", "--format", "markdown").out().startsWith("| model | family |"));
    }

    @Test
    void summarizeFormatsAndDepth() throws Exception {
        Cli table = Cli.run("summarize", "resnet20_cifar");
        assertEquals(0, table.status(), table.err());
        assertTrue(table.out().contains("layer2.0.downsample.0") && table.out().contains("shortcut_a"), table.out());
        assertTrue(table.out().contains("training memory"));
        Cli shallow = Cli.run("summarize", "resnet20_cifar", "--depth", "1", "--format", "csv");
        assertTrue(shallow.out().contains("\nlayer1,stage,1,") && !shallow.out().contains("layer1.0"), shallow.out());
        Cli md = Cli.run("summarize", "lenet5", "--format", "markdown");
        assertTrue(md.out().contains("| conv1 | conv | [6, 28, 28] | 156 |"), md.out());
        JsonNode j = SpecReader.jsonMapper().readTree(Cli.run("summarize", "lenet5_mnist", "--input", "1,32,32",
                "--classes", "3", "--format", "json").out());
        assertEquals("[1,32,32]", j.get("input").toString());
        assertEquals(3, j.get("classes").asInt());
        assertEquals(16 * 6 * 6 * 120 + 120, j.get("layers").get(7).get("params").asLong(), "fc1 sees a 6x6 map at 32px");
    }

    @Test
    void trainingMemoryGrowsWithBatchAndOptimizerState() throws Exception {
        JsonNode sgd = SpecReader.jsonMapper().readTree(Cli.run("summarize", "vgg16_cifar", "--format", "json", "--batch", "8").out());
        JsonNode adam = SpecReader.jsonMapper().readTree(Cli.run("summarize", "vgg16_cifar", "--format", "json", "--batch", "8",
                "--optimizer", "adam").out());
        JsonNode big = SpecReader.jsonMapper().readTree(Cli.run("summarize", "vgg16_cifar", "--format", "json", "--batch", "16").out());
        long params = sgd.get("params").asLong();
        assertEquals(4 * params, adam.get("training_bytes").asLong() - sgd.get("training_bytes").asLong());
        assertEquals(8 * 2 * sgd.get("activation_bytes_per_image").asLong(),
                big.get("training_bytes").asLong() - sgd.get("training_bytes").asLong());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Cli r = Cli.run("summarize", "lenet5", "--input", "1,x,3");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("C,H,W"), r.err());
        assertEquals(2, Cli.run("summarize", "lenet5", "--format", "xml").status());
        assertEquals(2, Cli.run("summarize", "lenet5", "--batch", "0").status());
        Cli unknown = Cli.run("summarize", "resnet5");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("resnet50"), unknown.err());
    }

    @Test
    void validateAcceptsEveryZooSpec() {
        Cli r = Cli.run("validate", "models/lenet5.yaml", "models/googlenet.yaml", "resnet50");
        assertEquals(0, r.status(), r.err());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("ok: ")).count());
    }

    @Test
    void aSpecWhoseMapShrinksBelowOnePixelNamesTheLayer() {
        Cli r = Cli.run("summarize", "lenet5", "--input", "1,8,8");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("layers[3].kernel = 5") && r.err().contains("conv2"), r.err());
    }
}
