package cnn.nn;

import java.util.Locale;

/**
 * The system properties that change how the numeric core runs, read here and nowhere else.
 *
 * <ul>
 *   <li>{@code cnn.onednn} [true]: float convolutions through oneDNN's own API ({@link OneDnn}); false leaves them to
 *       libnd4j's ops (an A/B switch for benchmarks).</li>
 *   <li>{@code cnn.conv.backward} [unset]: force one backward path of {@link CpuConvolution} (FUSED, SPLIT, ONEDNN,
 *       GEMM) wherever it applies; unset follows the measured rule.</li>
 * </ul>
 */
final class Settings {
    static final boolean ONEDNN = Boolean.parseBoolean(System.getProperty("cnn.onednn", "true"));
    static final String CONV_BACKWARD = System.getProperty("cnn.conv.backward", "").toUpperCase(Locale.ROOT);

    private Settings() {}
}
