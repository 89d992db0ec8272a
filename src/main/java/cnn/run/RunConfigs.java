package cnn.run;

import cnn.spec.SpecException;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/** Loads run configs and applies command-line overrides. */
public final class RunConfigs {
    private RunConfigs() {}

    /** A config with where it came from (for messages and run records). */
    public record Loaded(RunConfig config, String source, JsonNode tree) {}

    /**
     * Reads `file` and applies each override `key.path=value` (the value read as YAML, so `0.05`, `true`,
     * `[30, 60]` and `{type: adam, lr: 0.001}` all work) before the config is checked.
     */
    public static Loaded load(Path file, List<String> overrides) {
        JsonNode tree = SpecReader.readTree(file);
        if (!tree.isObject()) {
            throw new SpecException(file.toString(), null, null, "a run config is a mapping of keys to values");
        }
        String source = overrides.isEmpty() ? file.toString() : file + " (with " + String.join(", ", overrides) + ")";
        for (String o : overrides) {
            apply((ObjectNode) tree, o, source);
        }
        return new Loaded(SpecReader.convert(tree, source, RunConfig.class), source, tree);
    }

    /** Applies one override {@code key.path=value} to a config tree. */
    public static void apply(ObjectNode root, String override, String source) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new SpecException(source, null, override, "an override is key=value, e.g. optimizer.lr=0.05");
        }
        String key = override.substring(0, eq).strip();
        String text = override.substring(eq + 1);
        JsonNode value = text.isEmpty() ? JsonNodeFactory.instance.textNode("")
                : SpecReader.parseTree(text, SpecReader.Format.YAML, "override " + key);
        String[] parts = key.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            String part = parts[i];
            if (part.isEmpty()) {
                throw new SpecException(source, key, null, "an empty key segment");
            }
            if (node instanceof ObjectNode obj) {
                if (last) {
                    obj.set(part, value);
                } else {
                    JsonNode next = obj.get(part);
                    if (next == null || !(next.isObject() || next.isArray())) {
                        next = obj.putObject(part);
                    }
                    node = next;
                }
            } else if (node instanceof ArrayNode arr && part.matches("\\d+") && Integer.parseInt(part) < arr.size()) {
                int idx = Integer.parseInt(part);
                if (last) {
                    arr.set(idx, value);
                } else {
                    node = arr.get(idx);
                }
            } else {
                throw new SpecException(source, key, null, "cannot set " + part + " inside a " + node.getNodeType().name().toLowerCase());
            }
        }
    }
}
