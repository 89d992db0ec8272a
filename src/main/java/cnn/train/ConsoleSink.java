package cnn.train;

import cnn.io.ProgressBar;
import cnn.nn.Evaluation;
import cnn.run.EpochRecord;
import cnn.run.RunConfig;
import cnn.run.RunDir;
import cnn.run.RunState;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What a person watching sees: a line when the run starts, the epoch's {@link ProgressBar} (batches, running loss and
 * accuracy, lr, images/s, ETA; redrawn on a terminal, a plain line every 10 s otherwise), a line per epoch, and how
 * the run ended.
 */
final class ConsoleSink implements TrainingSink {
    private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;
    private static final long BAR_EVERY_NANOS = 200_000_000L;

    /** What the start line names. */
    record Run(String model, long params, String dataset, int trainImages, int valImages, int testImages,
            int batchesPerEpoch, RunDir dir) {}

    private final PrintWriter out;
    private final boolean terminal;
    private final RunConfig cfg;
    private final Run run;
    private ProgressBar bar;

    ConsoleSink(PrintWriter out, boolean terminal, RunConfig cfg, Run run) {
        this.out = out;
        this.terminal = terminal;
        this.cfg = cfg;
        this.run = run;
    }

    @Override
    public void started(RunState state, boolean resumed) {
        out.printf(Locale.ROOT, "%s: %s (%,d params) on %s, %d train / %d validation / %d test images, %d epochs,"
                        + " batch %d -> %s%n", resumed ? "resuming at epoch " + (state.epoch() + 2) : "training",
                run.model(), run.params(), run.dataset(), run.trainImages(), run.valImages(), run.testImages(),
                cfg.epochs(), cfg.batchSize(), run.dir().dir());
    }

    @Override
    public void epochStarted(int epoch) {
        bar = new ProgressBar(out, terminal, "epoch " + (epoch + 1) + "/" + cfg.epochs(), run.batchesPerEpoch(),
                System::nanoTime, BAR_EVERY_NANOS, PLAIN_EVERY_NANOS);
    }

    @Override
    public void batchEnded(int epoch, int done, Evaluation seen, double lr) {
        int batches = run.batchesPerEpoch();
        if (done == batches) {
            bar.finish(done, "", false); // the epoch's own line follows
        } else if (bar.due()) {
            double seconds = bar.elapsed();
            bar.update(done, String.format(Locale.ROOT, "batch %d/%d  loss %.4f  acc %5.2f%%  lr %.3g  %,.0f img/s  ETA %s",
                    done, batches, seen.loss(), 100 * seen.top1(), lr, seen.count() / Math.max(seconds, 1e-9),
                    ProgressBar.eta(seconds, done, batches)));
        }
    }

    @Override
    public void epochEnded(RunState state, EpochRecord r, boolean best) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %3d/%d  train loss %.4f acc %6.2f%%",
                r.epoch(), cfg.epochs(), r.trainLoss(), 100 * r.trainAcc()));
        if (r.valLoss() != null) {
            sb.append(String.format(Locale.ROOT, "  val loss %.4f acc %6.2f%%", r.valLoss(), 100 * r.valAcc()));
        }
        if (r.testLoss() != null) {
            sb.append(String.format(Locale.ROOT, "  test loss %.4f acc %6.2f%%", r.testLoss(), 100 * r.testAcc()));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.3g  %.1fs  %,.0f img/s%s", r.lr(), r.seconds(), r.imagesPerSecond(),
                best ? "  *best" : ""));
        out.println(sb);
    }

    @Override
    public void finished(RunState state, Trainer.Status status, Evaluation test) {
        if (status == Trainer.Status.EARLY_STOPPED) {
            out.printf("early stopping: %s has not improved for %d epochs (best: epoch %d)%n",
                    cfg.earlyStopping().metric().name().toLowerCase(Locale.ROOT), state.epochsSinceBest(), state.bestEpoch());
        }
        if (test != null) {
            out.printf(Locale.ROOT, "test: loss %.4f, top-1 %.2f%%, top-5 %.2f%% on %d images (final weights)%n",
                    test.loss(), 100 * test.top1(), 100 * test.top5(), test.count());
        } else {
            out.println("interrupted: the epoch in progress is not kept; continue with: cnn train --resume " + run.dir().dir());
        }
    }
}
