package cnn.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live view of an epoch: a redrawn progress bar with loss, accuracy, lr, images/s and ETA on a
 * terminal; otherwise a plain line every ten seconds (logs and CI stay readable).
 */
final class Progress {
    private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;
    private static final long BAR_EVERY_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final int epochs;
    private final int batches;
    private long epochStart;
    private long lastDraw;
    private int epoch;

    Progress(PrintWriter out, boolean terminal, int epochs, int batches) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.batches = batches;
    }

    void startEpoch(int epoch) {
        this.epoch = epoch;
        this.epochStart = System.nanoTime();
        this.lastDraw = epochStart;
    }

    /** After batch `done` (1-based) of the epoch, with running averages so far. */
    void update(int done, long images, double loss, double acc, double lr) {
        long now = System.nanoTime();
        boolean last = done == batches;
        if (!last && now - lastDraw < (terminal ? BAR_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
            return;
        }
        lastDraw = now;
        double seconds = (now - epochStart) / 1e9;
        double rate = images / Math.max(seconds, 1e-9);
        double eta = seconds / done * (batches - done);
        String stats = String.format(Locale.ROOT, "loss %.4f  acc %5.2f%%  lr %.3g  %,.0f img/s  ETA %s", loss, 100 * acc, lr,
                rate, duration(eta));
        if (terminal) {
            int width = 24;
            int filled = (int) ((long) width * done / batches);
            out.print("\repoch " + (epoch + 1) + "/" + epochs + " [" + "=".repeat(filled) + (filled < width ? ">" : "")
                    + " ".repeat(Math.max(0, width - filled - 1)) + "] " + done + "/" + batches + "  " + stats + "   ");
            if (last) {
                out.print("\r" + " ".repeat(120) + "\r");
            }
        } else if (!last) {
            out.println("epoch " + (epoch + 1) + "/" + epochs + " batch " + done + "/" + batches + "  " + stats);
        }
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
