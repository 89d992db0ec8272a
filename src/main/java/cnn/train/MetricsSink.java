package cnn.train;

import cnn.io.Csv;
import cnn.run.EpochRecord;
import cnn.run.RunDir;
import cnn.run.RunState;
import java.util.ArrayList;
import java.util.List;

/**
 * metrics.csv (the figures that are the same for the same config and seed, byte for byte) and timing.csv (seconds and
 * images/s, which are not), rewritten whole after every epoch and when a run diverges.
 */
final class MetricsSink implements TrainingSink {
    private final RunDir dir;
    private final boolean testEveryEpoch;

    MetricsSink(RunDir dir, boolean testEveryEpoch) {
        this.dir = dir;
        this.testEveryEpoch = testEveryEpoch;
    }

    @Override
    public void epochEnded(RunState state, EpochRecord record, boolean best) {
        write(state.history());
    }

    @Override
    public void diverged(RunState state, String message) {
        write(state.history());
    }

    private void write(List<EpochRecord> history) {
        Csv.write(dir.metrics(), columns(testEveryEpoch, false), rows(history, testEveryEpoch, false));
        List<Object[]> timing = history.stream().map(r -> new Object[] {r.epoch(), r.seconds(), r.imagesPerSecond()}).toList();
        Csv.write(dir.timing(), List.of("epoch", "seconds", "images_per_s"), timing);
    }

    /** The metric columns; with the wall-clock ones for the console table at the end of a run. */
    static List<String> columns(boolean testEveryEpoch, boolean withTiming) {
        List<String> cols = new ArrayList<>(List.of("epoch", "train_loss", "train_acc", "val_loss", "val_acc"));
        if (testEveryEpoch) {
            cols.addAll(List.of("test_loss", "test_acc"));
        }
        cols.add("lr");
        if (withTiming) {
            cols.addAll(List.of("seconds", "images_per_s"));
        }
        return cols;
    }

    static List<Object[]> rows(List<EpochRecord> history, boolean testEveryEpoch, boolean withTiming) {
        List<Object[]> rows = new ArrayList<>();
        for (EpochRecord r : history) {
            List<Object> row = new ArrayList<>(List.of(r.epoch(), r.trainLoss(), r.trainAcc()));
            row.add(r.valLoss());
            row.add(r.valAcc());
            if (testEveryEpoch) {
                row.add(r.testLoss());
                row.add(r.testAcc());
            }
            row.add(r.lr());
            if (withTiming) {
                row.add(r.seconds());
                row.add(r.imagesPerSecond());
            }
            rows.add(row.toArray());
        }
        return rows;
    }
}
