package cnn.io;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The live view of long work (an epoch's batches, a download's bytes): on a terminal one line redrawn in place,
 * {@code \rLABEL [#####.......] TEXT}, at most every {@code redraw}; otherwise a plain line {@code LABEL: TEXT} at most
 * every {@code every}, so logs and CI output stay readable. The caller says what the text is; this class owns the
 * timing, the bar and the line endings.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final long total; // <= 0 when unknown: no bar
    private final LongSupplier clock;
    private final long interval;
    private final long started;
    private long last;

    /**
     * @param redrawNanos least time between redraws on a terminal
     * @param lineNanos   least time between plain lines
     */
    public ProgressBar(PrintWriter out, boolean terminal, String label, long total, LongSupplier clock, long redrawNanos,
            long lineNanos) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.clock = clock;
        this.interval = terminal ? redrawNanos : lineNanos;
        this.started = clock.getAsLong();
        this.last = started;
    }

    /** Seconds since this bar started. */
    public double elapsed() {
        return (clock.getAsLong() - started) / 1e9;
    }

    /** Whether enough time has passed since the last line to draw another; the caller then builds its text. */
    public boolean due() {
        return clock.getAsLong() - last >= interval;
    }

    /** Draws {@code text} with a bar at {@code done} of the total, if {@link #due}. */
    public void update(long done, String text) {
        if (due()) {
            draw(done, text, false);
        }
    }

    /**
     * The last line, whatever the time, when {@code keep}; otherwise the bar goes (wiped from a terminal, nothing more
     * in a log) so that the caller's own summary line follows on a clean line.
     */
    public void finish(long done, String text, boolean keep) {
        if (keep) {
            draw(done, text, true);
        } else if (terminal) {
            out.print("\r" + " ".repeat(120) + "\r");
            out.flush();
        }
    }

    /** A plain line outside the bar (the bar's line is ended first on a terminal). */
    public void line(String text) {
        out.println(terminal ? "" : label + ": " + text);
        out.flush();
    }

    private void draw(long done, String text, boolean last) {
        this.last = clock.getAsLong();
        StringBuilder line = new StringBuilder();
        if (terminal) {
            line.append('\r').append(label).append(' ');
            if (total > 0) {
                int filled = (int) Math.min(WIDTH, WIDTH * Math.max(0, done) / total);
                line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            }
            out.print(line.append(text).append("   ").append(last ? "\n" : ""));
        } else {
            out.println(line.append(label).append(": ").append(text));
        }
        out.flush();
    }

    /** The time left at this rate, as {@link #duration}. */
    public static String eta(double elapsedSeconds, double done, double total) {
        return duration(done <= 0 ? 0 : elapsedSeconds / done * (total - done));
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
