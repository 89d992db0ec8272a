package cnn.train;

/** Argument checks shared by the optimizer and schedule records; each message names the value and what was given. */
final class Require {
    private Require() {}

    static double positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be > 0 and finite, got " + v);
        }
        return v;
    }

    static double nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be >= 0 and finite, got " + v);
        }
        return v;
    }

    /** A decay rate: momentum, beta1, beta2. */
    static double unitInterval(String what, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(what + " must be in [0, 1), got " + v);
        return v;
    }

    static long atLeast(String what, long v, long min) {
        if (v < min) throw new IllegalArgumentException(what + " must be >= " + min + ", got " + v);
        return v;
    }
}
