package cnn.spec;

/**
 * A bad value in one field of a spec or config record (or an argument of a method working with one), thrown where it
 * is built or checked: the one vocabulary for such checks. The reader
 * and the resolver add the file and the path of the enclosing record to make a {@link SpecException}.
 */
public final class FieldError extends IllegalArgumentException {
    private final String field;
    private final transient Object value;

    public FieldError(String field, Object value, String problem) {
        super(problem);
        this.field = field;
        this.value = value;
    }

    /** The field name, or null when the error is about the record as a whole. */
    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }

    public static int positive(String field, Integer v) {
        return atLeast(field, v, 1);
    }

    public static int atLeast(String field, Integer v, int min) {
        if (v == null) {
            throw new FieldError(field, null, "is required");
        }
        if (v < min) {
            throw new FieldError(field, v, "must be at least " + min);
        }
        return v;
    }

    public static long atLeast(String field, Long v, long min) {
        if (v == null) {
            throw new FieldError(field, null, "is required");
        }
        if (v < min) {
            throw new FieldError(field, v, "must be at least " + min);
        }
        return v;
    }

    static Size2 atLeast(String field, Size2 v, int min) {
        if (v != null && !v.allAtLeast(min)) {
            throw new FieldError(field, v, "must be at least " + min);
        }
        return v;
    }

    public static double within(String field, Double v, double lo, boolean loOpen, double hi, boolean hiOpen) {
        if (v == null) {
            throw new FieldError(field, null, "is required");
        }
        boolean ok = (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
        if (!ok) {
            throw new FieldError(field, v, "must be in " + (loOpen ? "(" : "[") + lo + ", " + hi + (hiOpen ? ")" : "]"));
        }
        return v;
    }

    /** In [0, 1), or [0, 1] when `oneAllowed`. */
    public static double fraction(String field, Double v, boolean oneAllowed) {
        return within(field, v, 0, false, 1, !oneAllowed);
    }

    /** Finite and greater than 0. */
    public static double positive(String field, Double v) {
        if (v == null) {
            throw new FieldError(field, null, "is required");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new FieldError(field, v, "must be positive");
        }
        return v;
    }

    /** Finite and at least 0. */
    public static double nonNegative(String field, Double v) {
        if (v == null || !(v >= 0) || Double.isInfinite(v)) {
            throw new FieldError(field, v, v == null ? "is required" : "must be at least 0");
        }
        return v;
    }
}
