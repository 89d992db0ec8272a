package cnn.zoo;

import cnn.spec.ModelSpec;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.Shape;
import cnn.spec.SpecException;
import cnn.spec.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The built-in model zoo: every registered name, in family order. Each name's spec is `models/NAME.yaml`
 * (shipped in the jar). A model argument that ends in `.yaml`, `.yml` or `.json`, or contains a `/`, is a
 * spec file; anything else must be a registered name.
 */
public final class Zoo {

    /** A registered model and the family `cnn list` groups it under. */
    public record Entry(String name, String family) {}

    private static final List<Entry> MODELS = List.of(
            new Entry("lenet5", "LeNet"),
            new Entry("lenet5_mnist", "LeNet"),
            new Entry("alexnet", "AlexNet"),
            new Entry("alexnet_cifar", "AlexNet"),
            new Entry("vgg16", "VGG"),
            new Entry("vgg16_bn", "VGG"),
            new Entry("vgg16_cifar", "VGG"),
            new Entry("googlenet", "GoogLeNet"),
            new Entry("googlenet_cifar", "GoogLeNet"),
            new Entry("resnet18", "ResNet"),
            new Entry("resnet34", "ResNet"),
            new Entry("resnet50", "ResNet"),
            new Entry("resnet20_cifar", "ResNet"),
            new Entry("resnet32_cifar", "ResNet"),
            new Entry("resnet56_cifar", "ResNet"),
            new Entry("resnext50_32x4d", "ResNeXt"),
            new Entry("resnext29_cifar", "ResNeXt"),
            new Entry("mobilenet_v1", "MobileNet"),
            new Entry("mobilenet_v2", "MobileNet"),
            new Entry("mobilenet_v1_cifar", "MobileNet"),
            new Entry("mobilenet_v2_cifar", "MobileNet"));

    static {
        Set<String> seen = new HashSet<>();
        for (Entry e : MODELS) {
            if (!seen.add(e.name())) {
                throw new ExceptionInInitializerError("duplicate zoo name " + e.name());
            }
        }
    }

    /** A spec and where it came from (for error messages and run records). */
    public record Loaded(ModelSpec spec, String source) {}

    /** A spec resolved at its (possibly overridden) input shape and class count. */
    public record Resolved(ModelSpec spec, String source, Node root) {}

    private Zoo() {}

    /** Loads a zoo name or spec file and resolves it; `input` and `classes` override the spec's when given. */
    public static Resolved resolve(String nameOrPath, Shape input, Integer classes) {
        Loaded l = load(nameOrPath);
        ModelSpec spec = l.spec();
        if (input != null) {
            spec = spec.withInput(input);
        }
        if (classes != null) {
            spec = spec.withClasses(classes);
        }
        return new Resolved(spec, l.source(), Resolver.resolve(spec, l.source()));
    }

    public static List<Entry> entries() {
        return MODELS;
    }

    public static Optional<Entry> entry(String name) {
        return MODELS.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public static boolean isFile(String arg) {
        String a = arg.toLowerCase();
        return a.endsWith(".yaml") || a.endsWith(".yml") || a.endsWith(".json") || arg.contains("/");
    }

    /** Every registered model resolved at its own input size, in registry order. */
    public static List<Resolved> catalog() {
        return MODELS.stream().map(e -> resolve(e.name(), null, null)).toList();
    }

    /** A zoo name or a spec file path. */
    public static Loaded load(String nameOrPath) {
        if (isFile(nameOrPath)) {
            return new Loaded(SpecReader.readModel(Path.of(nameOrPath)), nameOrPath);
        }
        if (entry(nameOrPath).isEmpty()) {
            throw new SpecException(null, null, nameOrPath, "no such model in the zoo; known: "
                    + MODELS.stream().map(Entry::name).collect(Collectors.joining(", "))
                    + " (or give a .yaml/.json spec file)");
        }
        String resource = "models/" + nameOrPath + ".yaml";
        return new Loaded(SpecReader.parseModel(text(resource), SpecReader.Format.YAML, resource), resource);
    }

    private static String text(String resource) {
        try (InputStream in = Zoo.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("zoo spec missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The model a run config names in its {@code model} field: a spec inline, a zoo name, or a spec file (relative to
     * the working directory or to the config file). {@code source} names the config in error messages.
     */
    public static Loaded forConfig(JsonNode model, String source, Path configFile) {
        if (model.isObject()) {
            try {
                return new Loaded(SpecReader.convert(model, source, ModelSpec.class), source + "#model");
            } catch (SpecException e) {
                throw e.under("model");
            }
        }
        String ref = model.asText();
        if (isFile(ref) && !Files.exists(Path.of(ref)) && configFile != null && configFile.getParent() != null
                && Files.exists(configFile.getParent().resolve(ref))) {
            ref = configFile.getParent().resolve(ref).toString();
        }
        try {
            return load(ref);
        } catch (SpecException e) {
            if (e.file() == null) {
                throw new SpecException(source, "model", ref, e.problem());
            }
            throw e;
        }
    }
}
