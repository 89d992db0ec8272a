package cnn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** A height-by-width pair (kernel, stride, padding, output size), written as `3` or `[3, 5]` in a spec. */
public record Size2(int h, int w) {

    public static Size2 of(int v) {
        return new Size2(v, v);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Size2 fromInt(int v) {
        return of(v);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Size2 fromList(List<Integer> v) {
        if (v.size() != 2 || Spatial.containsNull(v)) {
            throw new FieldError(null, v, "must be an integer or a list [height, width]");
        }
        return new Size2(v.get(0), v.get(1));
    }

    boolean square() {
        return h == w;
    }

    boolean allAtLeast(int min) {
        return h >= min && w >= min;
    }

    @JsonValue
    Object json() {
        return square() ? (Object) h : List.of(h, w);
    }

    @Override
    public String toString() {
        return square() ? Integer.toString(h) : h + "x" + w;
    }
}
