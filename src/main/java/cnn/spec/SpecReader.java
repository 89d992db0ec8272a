package cnn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and writes JSON and YAML documents (model specs, and run configs through {@link #read}) strictly:
 * unknown keys, duplicate keys, wrong types and missing fields are {@link SpecException}s naming the
 * file, the path inside it and the value. The format is chosen by the file extension.
 */
public final class SpecReader {
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build()).build());

    private SpecReader() {}

    private static ObjectMapper configure(ObjectMapper m) {
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        m.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        m.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(String.class).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        m.coercionConfigFor(Double.class).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        m.coercionConfigFor(double.class).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        m.enable(SerializationFeature.INDENT_OUTPUT);
        return m;
    }

    /** Reads a model spec file (`.yaml`, `.yml` or `.json`). */
    public static ModelSpec readModel(Path file) {
        return read(file, ModelSpec.class);
    }

    /** Reads a model spec from text in the given format; `source` names it in errors. */
    public static ModelSpec parseModel(String text, Format format, String source) {
        return parse(text, format, source, ModelSpec.class);
    }

    /** JSON or YAML, as the file extension says. */
    public enum Format {
        JSON, YAML;

        public static Format of(Path file) {
            String n = file.getFileName().toString().toLowerCase();
            if (n.endsWith(".json")) {
                return JSON;
            }
            if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                return YAML;
            }
            throw new SpecException(file.toString(), null, null, "unknown file type: use .yaml, .yml or .json");
        }

        ObjectMapper mapper() {
            return this == JSON ? SpecReader.JSON : SpecReader.YAML;
        }
    }

    /** Reads any strict document type (model spec, run config) from a file. */
    public static <T> T read(Path file, Class<T> type) {
        return parse(readText(file), Format.of(file), file.toString(), type);
    }

    public static <T> T parse(String text, Format format, String source, Class<T> type) {
        if (text.isBlank()) {
            throw new SpecException(source, null, null, "the file is empty");
        }
        try {
            T value = format.mapper().readValue(text, type);
            if (value == null) {
                throw new SpecException(source, null, null, "the document is empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw translate(source, e);
        }
    }

    /** A document as a generic tree, for documents that are edited (overridden) before they are typed. */
    public static com.fasterxml.jackson.databind.JsonNode readTree(Path file) {
        return parseTree(readText(file), Format.of(file), file.toString());
    }

    /** Text as a generic tree; YAML is a superset of JSON, so a YAML scalar, list or mapping all parse. */
    public static com.fasterxml.jackson.databind.JsonNode parseTree(String text, Format format, String source) {
        if (text.isBlank()) {
            throw new SpecException(source, null, null, "the file is empty");
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = format.mapper().readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new SpecException(source, null, null, "the document is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw translate(source, e);
        }
    }

    private static String readText(Path file) {
        Format.of(file);
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file.toString(), null, null, "no such file");
        } catch (IOException e) {
            throw new SpecException(file.toString(), null, null, "cannot read: " + e.getMessage());
        }
    }

    /** Writes a spec (or config) in the given format, defaults included. */
    public static String write(Object value, Format format) {
        try {
            return format.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    /** Converts a generic JSON tree into a typed document with the same strictness and error paths. */
    public static <T> T convert(com.fasterxml.jackson.databind.JsonNode tree, String source, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw translate(source, e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonProcessingException j) {
                throw translate(source, j);
            }
            throw e;
        }
    }

    public static ObjectMapper jsonMapper() {
        return JSON;
    }

    // ------------------------------------------------------------------------------------ error messages

    private static SpecException translate(String source, JsonProcessingException error) {
        JsonProcessingException e = error;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SpecException s) {
                return s;
            }
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                return new SpecException(source, null, null, "invalid YAML at line " + (y.getProblemMark().getLine() + 1)
                        + ", column " + (y.getProblemMark().getColumn() + 1) + ": " + y.getProblem(), e);
            }
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonParseException p) {
                e = p;
            }
        }
        if (e instanceof com.fasterxml.jackson.core.JsonParseException || !(e instanceof JsonMappingException)) {
            String loc = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            return new SpecException(source, null, null, "invalid syntax" + loc + ": " + why, e);
        }
        JsonMappingException m = (JsonMappingException) e;
        String path = path(m.getPath());
        if (e instanceof ValueInstantiationException && rootCause(e) instanceof FieldError f) {
            String at = f.field() == null ? path : path.isEmpty() ? f.field() : path + "." + f.field();
            return new SpecException(source, at, f.value() == null ? null : f.value(), f.getMessage(), e);
        }
        if (rootCause(e) instanceof FieldError f) {
            return new SpecException(source, path, f.value(), f.getMessage(), e);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new SpecException(source, path, null, "unknown key '" + u.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : "; known keys: " + known), e);
        }
        if (e instanceof InvalidTypeIdException t && t.getBaseType() != null) {
            Class<?> base = t.getBaseType().getRawClass();
            String known = base.isSealed() ? SealedTypes.names(base) : "";
            if (t.getTypeId() == null) {
                return new SpecException(source, path, null, "missing 'type'; one of: " + known, e);
            }
            return new SpecException(source, path + (path.isEmpty() ? "" : ".") + "type", t.getTypeId(),
                    "unknown " + SealedTypes.what(base) + " type; one of: " + known, e);
        }
        if (e instanceof InvalidFormatException f) {
            return new SpecException(source, path, f.getValue(), "expected " + describe(f.getTargetType()), e);
        }
        if (e instanceof MismatchedInputException mi) {
            String found = tokenText(mi);
            String expected = mi.getTargetType() == null ? "another type" : describe(mi.getTargetType());
            return new SpecException(source, path, found, "wrong type: expected " + expected, e);
        }
        return new SpecException(source, path, null, e.getOriginalMessage(), e);
    }

    private static String tokenText(MismatchedInputException e) {
        if (e.getProcessor() instanceof JsonParser p) {
            try {
                if (p.currentToken() != null) {
                    return switch (p.currentToken()) {
                        case START_ARRAY -> "a list";
                        case START_OBJECT -> "a mapping";
                        case VALUE_STRING -> "\"" + p.getText() + "\"";
                        default -> p.getText();
                    };
                }
            } catch (IOException ignored) {
                // the value stays unknown
            }
        }
        return null;
    }

    private static String describe(Class<?> t) {
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "an integer";
        }
        if (t == Double.class || t == double.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (t.isEnum()) {
            return "one of " + java.util.Arrays.stream(t.getEnumConstants()).map(c -> c.toString().toLowerCase())
                    .collect(Collectors.joining(", "));
        }
        if (t == Size2.class) {
            return "an integer or [height, width]";
        }
        if (t == Padding.class) {
            return "same, valid, an integer or [height, width]";
        }
        if (t == LayerSpec.class) {
            return "a layer mapping with a type";
        }
        return "a " + t.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** `layers[3].block.groups` from Jackson's reference chain. */
    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
