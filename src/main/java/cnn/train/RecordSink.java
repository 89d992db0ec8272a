package cnn.train;

import cnn.nn.Evaluation;
import cnn.run.RunDir;
import cnn.run.RunRecord;
import cnn.run.RunState;
import cnn.spec.SpecReader;

/** config.yaml and model.yaml (what was run) when a run starts, and run.json then and when it ends. */
final class RecordSink implements TrainingSink {
    private final RunDir dir;
    private final RunRecord record;

    RecordSink(RunDir dir, RunRecord record) {
        this.dir = dir;
        this.record = record;
    }

    @Override
    public void started(RunState state, boolean resumed) {
        dir.write(dir.config(), SpecReader.write(state.config(), SpecReader.Format.YAML));
        dir.write(dir.model(), SpecReader.write(state.spec(), SpecReader.Format.YAML));
        record.write(dir.record());
    }

    @Override
    public void finished(RunState state, Trainer.Status status, Evaluation test) {
        record.finish(status.name().toLowerCase(java.util.Locale.ROOT), state.history(), state.bestEpoch(), test);
        record.write(dir.record());
    }

    @Override
    public void diverged(RunState state, String message) {
        record.finish("diverged", state.history(), state.bestEpoch(), null);
        record.write(dir.record());
    }
}
