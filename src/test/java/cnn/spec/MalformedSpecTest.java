package cnn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad specs are rejected by `cnn validate` with exit status 2 and one line naming the file, the path inside
 * it and the offending value; no stack trace unless --verbose.
 */
class MalformedSpecTest {
    @TempDir
    static Path dir;

    /** A broken spec, the path the message must name (null: the file as a whole) and text it must contain. */
    record Bad(String name, String ext, String content, String path, String mustContain) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String HEAD = "name: bad\ninput: [3, 32, 32]\nclasses: 10\n";

    private static Bad yaml(String name, String layers, String path, String mustContain) {
        return new Bad(name, "yaml", HEAD + "layers:\n" + layers, path, mustContain);
    }

    private static Bad pattern(String name, String pattern, String mustContain) {
        return new Bad(name, "yaml", HEAD + "pattern: \"" + pattern + "\"\n", "pattern", mustContain);
    }

    static Stream<Bad> cases() {
        String tail = "  - {type: flatten}\n  - {type: classifier}\n";
        return Stream.of(
                yaml("unknown layer key", "  - {type: conv, out: 6, kernel: 3, foo: 1}\n" + tail, "layers[0].foo", "unknown key 'foo'"),
                new Bad("unknown top-level key", "yaml", HEAD + "optimizer: sgd\nlayers:\n" + tail, "optimizer", "unknown key"),
                yaml("string for integer", "  - {type: conv, out: \"6\", kernel: 3}\n" + tail, "layers[0].out", "\"6\""),
                yaml("float for integer", "  - {type: conv, out: 6, kernel: 3.5}\n" + tail, "layers[0].kernel", "3.5"),
                yaml("integer for boolean", "  - {type: conv, out: 6, kernel: 3, bias: 1}\n" + tail, "layers[0].bias", "1"),
                yaml("negative kernel", "  - {type: conv, out: 6, kernel: -3}\n" + tail, "layers[0].kernel", "-3"),
                yaml("zero stride", "  - {type: conv, out: 6, kernel: 3, stride: 0}\n" + tail, "layers[0].stride", "0"),
                yaml("zero output channels", "  - {type: conv, out: 0, kernel: 3}\n" + tail, "layers[0].out", "0"),
                yaml("missing required field", "  - {type: conv, kernel: 3}\n" + tail, "layers[0].out", "required"),
                yaml("missing type", "  - {out: 6, kernel: 3}\n" + tail, "layers[0]", "missing 'type'"),
                yaml("unknown type", "  - {type: convolution, out: 6}\n" + tail, "layers[0].type", "convolution"),
                yaml("groups not dividing input channels", "  - {type: conv, out: 6, kernel: 3}\n  - {type: conv, out: 8, kernel: 3, groups: 4}\n" + tail,
                        "layers[1].groups", "4"),
                yaml("groups not dividing out", "  - {type: conv, out: 8, kernel: 3, groups: 3}\n" + tail, "layers[0].groups", "must divide out (8)"),
                yaml("bottleneck groups not dividing width",
                        "  - {type: conv, out: 64, kernel: 3}\n  - {type: stage, repeat: 2, block: {type: bottleneck, width: 64, out: 256, groups: 3}}\n" + tail,
                        "layers[1].block.groups", "3"),
                yaml("residual shape mismatch", "  - type: residual\n    body: [{type: conv, out: 8, kernel: 3}]\n" + tail,
                        "layers[0].shortcut", "[3, 32, 32]"),
                yaml("concat branches of different sizes",
                        "  - type: concat\n    branches:\n      - [{type: conv, out: 4, kernel: 1}]\n      - [{type: max_pool, kernel: 2}]\n" + tail,
                        "layers[0].branches[1]", "[3, 16, 16]"),
                new Bad("5x5 conv on a 4x4 map", "yaml", "name: bad\ninput: [3, 4, 4]\nclasses: 10\nlayers:\n"
                        + "  - {type: conv, out: 6, kernel: 5, padding: 0}\n" + tail, "layers[0].kernel", "conv1"),
                yaml("pool shrinks below 1", "  - {type: max_pool, kernel: 32}\n  - {type: max_pool, kernel: 2}\n" + tail,
                        "layers[1].kernel", "pool2"),
                yaml("linear on a feature map", "  - {type: conv, out: 6, kernel: 3}\n  - {type: classifier}\n", "layers[1]", "flatten"),
                yaml("does not end in classes", "  - {type: flatten}\n  - {type: linear, out: 5}\n", "layers[1]", "[5]"),
                yaml("pool padding over half the kernel", "  - {type: max_pool, kernel: 2, padding: 2}\n" + tail, "layers[0].padding", "2"),
                yaml("padding word", "  - {type: conv, out: 6, kernel: 3, padding: full}\n" + tail, "layers[0].padding", "full"),
                yaml("stride of three numbers", "  - {type: conv, out: 6, kernel: 3, stride: [1, 2, 3]}\n" + tail, "layers[0].stride", "[1, 2, 3]"),
                yaml("dropout p above 1", "  - {type: flatten}\n  - {type: dropout, p: 1.5}\n  - {type: classifier}\n", "layers[1].p", "1.5"),
                yaml("negative batch norm eps", "  - {type: batch_norm, eps: -0.1}\n" + tail, "layers[0].eps", "-0.1"),
                yaml("zero LRN size", "  - {type: lrn, size: 0}\n" + tail, "layers[0].size", "0"),
                yaml("even 5x5 kernel in inception", "  - {type: inception, ch1x1: 4, ch3x3_reduce: 4, ch3x3: 4, ch5x5_reduce: 4, ch5x5: 4,"
                        + " pool_proj: 4, ch5x5_kernel: 4}\n" + tail, "layers[0].ch5x5_kernel", "4"),
                yaml("stage of a primitive", "  - {type: stage, repeat: 2, block: {type: conv, out: 4, kernel: 3}}\n" + tail,
                        "layers[0].block", "conv"),
                yaml("stage repeat 0", "  - {type: stage, repeat: 0, block: {type: basic_block, out: 8}}\n" + tail, "layers[0].repeat", "0"),
                yaml("empty sequential", "  - {type: sequential, layers: []}\n" + tail, "layers[0].layers", "[]"),
                yaml("duplicate layer names", "  - {type: conv, name: a, out: 6, kernel: 3}\n  - {type: relu, name: a}\n" + tail,
                        "layers[1].name", "a"),
                yaml("layer name with a dot", "  - {type: conv, name: a.b, out: 6, kernel: 3}\n" + tail, "layers[0].name", "a.b"),
                new Bad("empty layer list", "yaml", HEAD + "layers: []\n", "layers", "[]"),
                new Bad("missing input", "yaml", "name: bad\nclasses: 10\nlayers:\n" + tail, "input", "required"),
                new Bad("input of two numbers", "yaml", "name: bad\ninput: [3, 32]\nclasses: 10\nlayers:\n" + tail, "input", "[3, 32]"),
                new Bad("zero classes", "yaml", "name: bad\ninput: [3, 32, 32]\nclasses: 0\nlayers:\n" + tail, "classes", "0"),
                new Bad("both layers and pattern", "yaml", HEAD + "pattern: \"INPUT -> FC\"\nlayers:\n" + tail, "pattern", "exactly one"),
                new Bad("neither layers nor pattern", "yaml", HEAD, "layers", "exactly one"),
                new Bad("name with a space", "yaml", "name: my net\ninput: [3, 32, 32]\nclasses: 10\nlayers:\n" + tail, "name", "my net"),
                pattern("empty pattern", "", "empty"),
                pattern("unbalanced brackets", "INPUT -> [CONV -> RELU -> POOL*2 -> FC", "'*'"),
                pattern("unclosed group", "INPUT -> [CONV -> RELU", "the end"),
                pattern("unknown pattern layer", "INPUT -> CONVO -> FC", "CONVO"),
                pattern("repeat count 0", "INPUT -> [CONV -> RELU]*0 -> FC", "at least 1"),
                pattern("pattern not ending in FC", "INPUT -> CONV -> RELU", "must end with FC"),
                pattern("final FC with a width", "INPUT -> FC(10)", "no width"),
                pattern("pattern without INPUT", "CONV -> FC", "INPUT"),
                pattern("bad pattern argument", "INPUT -> CONV(k=three) -> FC", "three"),
                pattern("unknown pattern argument", "INPUT -> POOL(q=2) -> FC", "q"),
                new Bad("invalid YAML", "yaml", HEAD + "layers:\n  - {type: conv, out: 6, kernel: 3}\n   - {type: classifier}\n", null, "line 6"),
                new Bad("invalid JSON", "json", "{\"name\": \"bad\", \"input\": [3, 32, 32], \"classes\": 10, \"layers\": [{\"type\": \"flatten\",}]}",
                        null, "line 1"),
                new Bad("duplicate key", "yaml", HEAD + "classes: 12\nlayers:\n" + tail, null, "classes"),
                new Bad("empty file", "yaml", "", null, "empty"),
                new Bad("wrong file type", "txt", HEAD, null, ".yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithOneLineNamingFilePathAndValue(Bad bad) throws IOException {
        Path file = dir.resolve(bad.name().replace(' ', '_') + "." + bad.ext());
        Files.writeString(file, bad.content());
        Cli r = Cli.run("validate", file.toString());
        String err = r.err().strip();
        assertEquals(2, r.status(), err);
        assertEquals("", r.out());
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("cnn: " + file + ": "), err);
        if (bad.path() != null) {
            assertTrue(err.startsWith("cnn: " + file + ": " + bad.path() + " = ")
                    || err.startsWith("cnn: " + file + ": " + bad.path() + ": "), "path " + bad.path() + " in: " + err);
        }
        assertTrue(err.contains(bad.mustContain()), "'" + bad.mustContain() + "' in: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    @Test
    void thereAreAtLeastThirtyCases() {
        assertTrue(cases().count() >= 30);
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path file = dir.resolve("verbose.yaml");
        Files.writeString(file, HEAD + "layers:\n  - {type: conv, out: -1, kernel: 3}\n");
        Cli r = Cli.run("--verbose", "validate", file.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().lines().count() > 3 && r.err().contains("\tat "), r.err());
    }

    @Test
    void missingFileIsBadInput() {
        Cli r = Cli.run("validate", dir.resolve("nope.yaml").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("nope.yaml") && r.err().contains("no such file"), r.err());
    }
}
