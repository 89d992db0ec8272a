package cnn.data;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Download progress on stderr: a bar redrawn in place (bytes, %, speed, ETA) on a terminal, otherwise a plain line
 * every few seconds so that logs stay readable.
 */
final class TransferProgress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 5_000_000_000L;
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long total; // -1 when unknown
    private final long startBytes;
    private final LongSupplier clock;
    private final long startNanos;
    private long lastPrint;
    private long bytes;

    TransferProgress(PrintStream out, boolean terminal, String label, long total, long startBytes, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.startBytes = startBytes;
        this.bytes = startBytes;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastPrint = startNanos;
        if (!terminal) {
            out.println(label + ": " + (startBytes > 0 ? "resuming at " + mb(startBytes) + " of " : "downloading ")
                    + (total > 0 ? mb(total) : "unknown size"));
        }
    }

    void advance(long n) {
        bytes += n;
        long now = clock.getAsLong();
        if (now - lastPrint >= (terminal ? REDRAW_NANOS : LINE_NANOS)) {
            lastPrint = now;
            print(now, false);
        }
    }

    void finish() {
        print(clock.getAsLong(), true);
    }

    /** The transfer broke off: end the bar's line, or say where it stopped. */
    void stopped() {
        out.println(terminal ? "" : label + ": stopped at " + mb(bytes) + (total > 0 ? " of " + mb(total) : ""));
    }

    private void print(long now, boolean done) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double speed = (bytes - startBytes) / seconds; // bytes/s over this session
        StringBuilder line = new StringBuilder();
        if (terminal) {
            line.append('\r').append(label).append(' ');
            if (total > 0) {
                int filled = (int) Math.min(BAR, BAR * bytes / total);
                line.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
            }
        } else {
            line.append(label).append(": ");
        }
        line.append(total > 0 ? mb(bytes) + " of " + mb(total) + String.format(Locale.ROOT, " (%3.0f%%)", 100.0 * bytes / total)
                : mb(bytes));
        line.append(", ").append(mb((long) speed)).append("/s");
        if (done) {
            line.append(String.format(Locale.ROOT, ", done in %.1f s", seconds));
        } else if (total > 0 && speed > 0) {
            line.append(", ETA ").append(duration((total - bytes) / speed));
        }
        if (terminal) {
            out.print(line.append("   ").append(done ? "\n" : ""));
            out.flush();
        } else {
            out.println(line);
        }
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
