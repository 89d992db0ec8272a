package cnn.train;

import cnn.io.AtomicFile;
import cnn.nn.Checkpoint;
import cnn.nn.Network;
import cnn.nn.optim.Optimizer;
import cnn.run.EpochRecord;
import cnn.run.RunDir;
import cnn.run.RunState;

/** last.ckpt when a run starts and after every epoch, and a copy of it as best.ckpt after the best epoch. */
final class CheckpointSink implements TrainingSink {
    private final RunDir dir;
    private final Network net;
    private final Optimizer optimizer;

    CheckpointSink(RunDir dir, Network net, Optimizer optimizer) {
        this.dir = dir;
        this.net = net;
        this.optimizer = optimizer;
    }

    @Override
    public void started(RunState state, boolean resumed) {
        if (!resumed) {
            Checkpoint.save(dir.last(), state.toJson(), net, optimizer);
        }
    }

    @Override
    public void epochEnded(RunState state, EpochRecord record, boolean best) {
        Checkpoint.save(dir.last(), state.toJson(), net, optimizer);
        if (best) {
            AtomicFile.copy(dir.last(), dir.best());
        }
    }
}
