package cnn.spec;

/**
 * The shape of one example as it flows through a network: `[C, H, W]` for feature maps, `[F]` once
 * flattened. The batch dimension is never part of a spec shape.
 */
public record Shape(int c, int h, int w, boolean flat) {

    public static Shape chw(int c, int h, int w) {
        return new Shape(c, h, w, false);
    }

    public static Shape features(int f) {
        return new Shape(f, 1, 1, true);
    }

    public long elements() {
        return (long) c * h * w;
    }

    public Shape withChannels(int channels) {
        return new Shape(channels, h, w, flat);
    }

    /** The dims of a batch of n examples, as ND4J wants them. */
    public long[] batchDims(long n) {
        return flat ? new long[] {n, c} : new long[] {n, c, h, w};
    }

    @Override
    public String toString() {
        return flat ? "[" + c + "]" : "[" + c + ", " + h + ", " + w + "]";
    }
}
