package cnn.run;

import cnn.io.AtomicFile;
import java.nio.file.Path;

/**
 * A run directory and every file in it, named here and nowhere else; everything written into it goes through
 * {@link AtomicFile}, so a crash leaves each file whole, old or new.
 *
 * <pre>
 * config.yaml, model.yaml  what was run: the resolved config (overrides applied) and the model spec
 * last.ckpt, best.ckpt     every epoch, and on the best validation metric
 * metrics.csv              per epoch: losses, accuracies and lr (reproducible byte for byte)
 * timing.csv               per epoch: seconds and images/s (the wall-clock columns)
 * run.json                 config, versions, data files with checksums, machine, status, final test score
 * eval_SPLIT.csv, confusion_SPLIT.csv   cnn eval's per-class table and confusion matrix
 * loss.png, accuracy.png, lr.png         cnn plot's curves
 * </pre>
 */
public record RunDir(Path dir) {
    public static final String CONFIG = "config.yaml";
    public static final String MODEL = "model.yaml";
    public static final String LAST = "last.ckpt";
    public static final String BEST = "best.ckpt";
    public static final String METRICS = "metrics.csv";
    public static final String TIMING = "timing.csv";
    public static final String RECORD = "run.json";

    /** The curves cnn plot draws, each with its file. */
    public enum Plot {
        LOSS("loss.png"), ACCURACY("accuracy.png"), LR("lr.png");

        public final String file;

        Plot(String file) {
            this.file = file;
        }
    }

    public Path config() {
        return dir.resolve(CONFIG);
    }

    public Path model() {
        return dir.resolve(MODEL);
    }

    public Path last() {
        return dir.resolve(LAST);
    }

    public Path best() {
        return dir.resolve(BEST);
    }

    /** {@code last} or {@code best}. */
    public Path checkpoint(String which) {
        return switch (which) {
            case "last" -> last();
            case "best" -> best();
            default -> throw new IllegalArgumentException("checkpoint " + which + ": last or best");
        };
    }

    public Path metrics() {
        return dir.resolve(METRICS);
    }

    public Path timing() {
        return dir.resolve(TIMING);
    }

    public Path record() {
        return dir.resolve(RECORD);
    }

    /** cnn eval's per-class table for a split (train, val, test). */
    public Path evalTable(String split) {
        return dir.resolve("eval_" + split + ".csv");
    }

    /** cnn eval's confusion matrix for a split. */
    public Path confusion(String split) {
        return dir.resolve("confusion_" + split + ".csv");
    }

    public Path plot(Plot p) {
        return dir.resolve(p.file);
    }

    /** Writes a file of this directory (one of the paths above) atomically. */
    public void write(Path file, String text) {
        AtomicFile.write(file, text);
    }

    /** Whether a run already lives here. */
    public boolean holdsRun() {
        return java.nio.file.Files.exists(last());
    }
}
