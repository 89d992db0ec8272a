package cnn.data;

import cnn.io.ProgressBar;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/** A download's progress on the {@link ProgressBar}: bytes, per cent, speed and ETA, or the time it took. */
final class TransferProgress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 5_000_000_000L;

    private final ProgressBar bar;
    private final long total; // -1 when unknown
    private final long startBytes;
    private long bytes;

    TransferProgress(PrintStream out, boolean terminal, String label, long total, long startBytes, LongSupplier clock) {
        this.bar = new ProgressBar(new PrintWriter(out), terminal, label, total, clock, REDRAW_NANOS, LINE_NANOS);
        this.total = total;
        this.startBytes = startBytes;
        this.bytes = startBytes;
        if (!terminal) {
            bar.line((startBytes > 0 ? "resuming at " + mb(startBytes) + " of " : "downloading ")
                    + (total > 0 ? mb(total) : "unknown size"));
        }
    }

    void advance(long n) {
        bytes += n;
        if (bar.due()) {
            bar.update(bytes, text(false));
        }
    }

    void finish() {
        bar.finish(bytes, text(true), true);
    }

    /** The transfer broke off: end the bar's line, or say where it stopped. */
    void stopped() {
        bar.line("stopped at " + mb(bytes) + (total > 0 ? " of " + mb(total) : ""));
    }

    private String text(boolean done) {
        double seconds = Math.max(1e-9, bar.elapsed());
        double speed = (bytes - startBytes) / seconds; // bytes/s over this session
        StringBuilder line = new StringBuilder(total > 0
                ? mb(bytes) + " of " + mb(total) + String.format(Locale.ROOT, " (%3.0f%%)", 100.0 * bytes / total)
                : mb(bytes));
        line.append(", ").append(mb((long) speed)).append("/s");
        if (done) {
            line.append(String.format(Locale.ROOT, ", done in %.1f s", seconds));
        } else if (total > 0 && speed > 0) {
            line.append(", ETA ").append(ProgressBar.duration((total - bytes) / speed));
        }
        return line.toString();
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
