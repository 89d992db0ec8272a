package cnn.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The registry of layer kinds, read off the sealed {@link LayerSpec} hierarchy itself: every record that implements
 * it is a kind, and its `type` in specs is the record's name in snake_case. Nothing else lists kinds; the reader's
 * type names and every message that names the valid kinds come from here.
 */
public final class LayerKinds {
    /** Every record kind, in declaration order (primitives, combinators, classifier, blocks). */
    public static final List<Class<? extends LayerSpec>> ALL = List.copyOf(records(LayerSpec.class));

    private static final Map<Class<?>, String> TYPES = new ConcurrentHashMap<>();

    private LayerKinds() {}

    @SuppressWarnings("unchecked")
    private static List<Class<? extends LayerSpec>> records(Class<?> sealed) {
        List<Class<? extends LayerSpec>> out = new ArrayList<>();
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c.isRecord()) {
                out.add((Class<? extends LayerSpec>) c);
            } else {
                out.addAll(records(c));
            }
        }
        return out;
    }

    /** {@code DepthwiseConv} -> {@code depthwise_conv}, {@code ShortcutA} -> {@code shortcut_a}, {@code Relu6} -> {@code relu6}. */
    public static String type(Class<?> kind) {
        return TYPES.computeIfAbsent(kind, k -> k.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(java.util.Locale.ROOT));
    }

    /** The type names of the kinds that {@code which} accepts, comma-separated, for messages. */
    public static String types(Predicate<Class<? extends LayerSpec>> which) {
        return ALL.stream().filter(which).map(LayerKinds::type).collect(Collectors.joining(", "));
    }
}
