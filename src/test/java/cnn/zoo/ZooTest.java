package cnn.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.spec.ModelSpec;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.SpecException;
import cnn.spec.SpecReader;
import cnn.spec.SpecReader.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ZooTest {

    static Stream<String> names() {
        return Zoo.entries().stream().map(Zoo.Entry::name);
    }

    @Test
    void everySpecFileIsRegisteredAndEveryNameHasAFile() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(Path.of("models"))) {
            files = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> registered = names().map(n -> n + ".yaml").collect(Collectors.toCollection(TreeSet::new));
        assertEquals(registered, files);
    }

    @Test
    void theZooHasEveryFamilyInPaperAndSmallImageForm() {
        Set<String> families = Zoo.entries().stream().map(Zoo.Entry::family).collect(Collectors.toSet());
        assertEquals(Set.of("LeNet", "AlexNet", "VGG", "GoogLeNet", "ResNet", "ResNeXt", "MobileNet"), families);
        for (String family : families) {
            Set<Integer> sizes = Zoo.catalog().stream()
                    .filter(r -> Zoo.entry(r.spec().name()).orElseThrow().family().equals(family))
                    .map(r -> r.root().in().h()).collect(Collectors.toSet());
            assertTrue(sizes.size() >= 2, family + " needs a paper-size and a small-image form: " + sizes);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void specParsesNamesItselfAndEndsInItsClasses(String name) {
        Zoo.Loaded l = Zoo.load(name);
        assertEquals(name, l.spec().name(), "file name equals model name");
        assertNotNull(l.spec().paper(), "every zoo spec cites its paper");
        assertNotNull(l.spec().description());
        Node root = Resolver.resolve(l.spec(), l.source());
        assertEquals(l.spec().classes(), root.out().c());
        assertTrue(root.out().flat());
        assertTrue(root.params() > 0 && root.macs() > 0);
    }

    @ParameterizedTest
    @MethodSource("names")
    void specRoundTripsThroughJsonAndYaml(String name) {
        ModelSpec spec = Zoo.load(name).spec();
        String json = SpecReader.write(spec, Format.JSON);
        ModelSpec fromJson = SpecReader.parseModel(json, Format.JSON, name + ".json");
        assertEquals(spec, fromJson);
        String yaml = SpecReader.write(fromJson, Format.YAML);
        ModelSpec fromYaml = SpecReader.parseModel(yaml, Format.YAML, name + ".yaml");
        assertEquals(spec, fromYaml);
        Node a = Resolver.resolve(spec, "a");
        Node b = Resolver.resolve(fromYaml, "b");
        assertEquals(a.flatten().stream().map(n -> n.path() + n.out() + n.params() + "/" + n.macs()).toList(),
                b.flatten().stream().map(n -> n.path() + n.out() + n.params() + "/" + n.macs()).toList());
    }

    @Test
    void unknownNamesListTheZoo() {
        SpecException e = assertThrows(SpecException.class, () -> Zoo.load("resnet51"));
        assertTrue(e.getMessage().contains("resnet51"), e.getMessage());
        assertTrue(e.getMessage().contains("resnet50") && e.getMessage().contains("lenet5"), e.getMessage());
        assertFalse(Zoo.isFile("resnet50"));
        assertTrue(Zoo.isFile("my.yaml") && Zoo.isFile("dir/x") && Zoo.isFile("a.JSON"));
    }
}
