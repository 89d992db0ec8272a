package cnn.spec;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Jackson type ids read off a sealed hierarchy of records: every record below the base type is a kind, named by its
 * {@link JsonTypeName} or else its simple name in snake_case ({@code DepthwiseConv} is {@code depthwise_conv}). A
 * base type declares {@code @JsonTypeInfo(use = CUSTOM, property = "type") @JsonTypeIdResolver(SealedTypes.class)}
 * and lists its kinds nowhere else: layer kinds, optimizers and schedules are registered by being declared.
 */
public final class SealedTypes extends TypeIdResolverBase {
    private static final Map<Class<?>, String> NAMES = new ConcurrentHashMap<>();
    private JavaType base;
    private Map<String, Class<?>> byName;

    @Override
    public void init(JavaType baseType) {
        base = baseType;
        byName = new LinkedHashMap<>();
        for (Class<?> c : records(baseType.getRawClass())) {
            byName.put(name(c), c);
        }
    }

    @Override
    public String idFromValue(Object value) {
        return name(value.getClass());
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
        return name(value != null ? value.getClass() : suggestedType);
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
        Class<?> c = byName.get(id);
        return c == null ? null : context.constructSpecializedType(base, c);
    }

    @Override
    public String getDescForKnownTypeIds() {
        return String.join(", ", byName.keySet());
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CUSTOM;
    }

    /** Every record below the sealed {@code base}, in declaration order. */
    @SuppressWarnings("unchecked")
    public static <T> List<Class<? extends T>> records(Class<T> base) {
        List<Class<? extends T>> out = new ArrayList<>();
        Class<?>[] permitted = base.getPermittedSubclasses();
        if (permitted == null) {
            throw new IllegalArgumentException(base + " is not sealed");
        }
        for (Class<?> c : permitted) {
            if (c.isRecord()) {
                out.add((Class<? extends T>) c);
            } else {
                out.addAll(records((Class<T>) c));
            }
        }
        return out;
    }

    /** A kind's `type` value: its {@link JsonTypeName}, or its name in snake_case. */
    public static String name(Class<?> kind) {
        return NAMES.computeIfAbsent(kind, k -> {
            JsonTypeName n = k.getAnnotation(JsonTypeName.class);
            return n != null ? n.value() : k.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        });
    }

    /** The type names of the kinds below {@code base} that {@code which} accepts, comma-separated, for messages. */
    public static <T> String names(Class<T> base, Predicate<Class<? extends T>> which) {
        return records(base).stream().filter(which).map(SealedTypes::name).collect(Collectors.joining(", "));
    }

    public static String names(Class<?> base) {
        return names(base, k -> true);
    }

    /** What a base type's kinds are called in messages: {@code LayerSpec} is "layer", {@code OptimizerSpec} "optimizer". */
    static String what(Class<?> base) {
        return base.getSimpleName().replaceAll("Spec$", "").replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
