package cnn.train;

import cnn.io.ProgressBar;
import java.io.PrintWriter;
import java.util.Locale;

/** An epoch's progress on the {@link ProgressBar}: batches done, running loss and accuracy, lr, images/s and ETA. */
final class Progress {
    private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;
    private static final long BAR_EVERY_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final int epochs;
    private final int batches;
    private ProgressBar bar;

    Progress(PrintWriter out, boolean terminal, int epochs, int batches) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.batches = batches;
    }

    void startEpoch(int epoch) {
        bar = new ProgressBar(out, terminal, "epoch " + (epoch + 1) + "/" + epochs, batches, System::nanoTime,
                BAR_EVERY_NANOS, PLAIN_EVERY_NANOS);
    }

    /** After batch `done` (1-based) of the epoch, with running averages so far. */
    void update(int done, long images, double loss, double acc, double lr) {
        boolean last = done == batches;
        if (last) {
            bar.finish(done, "", false); // the epoch's own line follows
        } else if (bar.due()) {
            double seconds = bar.elapsed();
            bar.update(done, String.format(Locale.ROOT, "batch %d/%d  loss %.4f  acc %5.2f%%  lr %.3g  %,.0f img/s  ETA %s",
                    done, batches, loss, 100 * acc, lr, images / Math.max(seconds, 1e-9),
                    ProgressBar.eta(seconds, done, batches)));
        }
    }
}
