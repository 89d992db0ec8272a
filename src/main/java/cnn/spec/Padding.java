package cnn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * Convolution padding: `same` ((kernel-1)/2 per side, the default), `valid` (0), an integer, or
 * `[height, width]`.
 */
public record Padding(boolean same, Size2 explicit) {

    public static final Padding SAME = new Padding(true, null);

    public static Padding of(int p) {
        return new Padding(false, Size2.of(p));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Padding fromInt(int v) {
        return of(v);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Padding fromString(String v) {
        return switch (v) {
            case "same" -> SAME;
            case "valid" -> of(0);
            default -> throw new FieldError(null, v, "must be same, valid, an integer or [height, width]");
        };
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Padding fromList(List<Integer> v) {
        return new Padding(false, Size2.fromList(v));
    }

    /** The padding per side for a kernel of this size. */
    public Size2 resolve(Size2 kernel) {
        return same ? new Size2((kernel.h() - 1) / 2, (kernel.w() - 1) / 2) : explicit;
    }

    @JsonValue
    Object json() {
        return same ? "same" : explicit.json();
    }

    @Override
    public String toString() {
        return same ? "same" : explicit.toString();
    }
}
