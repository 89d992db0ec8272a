package cnn.data;

import java.util.Locale;

/** How many images a loader prepared in how long. */
public record Throughput(long images, double seconds) {
    public double imagesPerSecond() {
        return images / seconds;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d images in %.2f s = %.0f images/s", images, seconds, imagesPerSecond());
    }
}
