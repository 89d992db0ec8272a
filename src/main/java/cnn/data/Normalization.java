package cnn.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixel values scaled to x/255; a sample is fed to the network as
 * {@code (x/255 - mean[c]) / std[c]}.
 */
public record Normalization(float[] mean, float[] std) {

    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std need one value per channel, got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** No shift or scaling beyond x/255. */
    public static Normalization identity(int channels) {
        float[] mean = new float[channels];
        float[] std = new float[channels];
        Arrays.fill(std, 1f);
        return new Normalization(mean, std);
    }

    /** The population mean and standard deviation of x/255 per channel over every pixel of {@code images}. */
    public static Normalization measure(ImageSet images) {
        int c = images.channels();
        int plane = images.height() * images.width();
        long[] sum = new long[c];
        long[] sumSq = new long[c];
        byte[] px = images.pixelArray();
        for (int i = 0; i < images.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                long s = 0;
                long q = 0;
                for (int k = 0; k < plane; k++) {
                    int v = px[base + k] & 0xFF;
                    s += v;
                    q += v * v;
                }
                sum[ch] += s;
                sumSq[ch] += q;
            }
        }
        double n = (double) images.size() * plane;
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = (float) (m / 255);
            std[ch] = (float) (Math.sqrt(sumSq[ch] / n - m * m) / 255);
        }
        return new Normalization(mean, std);
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** {@code table[c * 256 + v]} is the normalised value of pixel value {@code v} in channel {@code c}. */
    float[] lookupTable() {
        float[] table = new float[mean.length * 256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                table[c * 256 + v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
