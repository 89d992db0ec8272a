package cnn.train;

import cnn.nn.Evaluation;
import cnn.run.EpochRecord;
import cnn.run.RunState;

/**
 * Where a training run's events go: the console, metrics.csv, the checkpoints, run.json, each a sink. The trainer calls
 * every sink in turn, in the order they were given, with the state after the event; a sink keeps nothing the trainer
 * needs, so a new artifact is a new sink.
 *
 * <p>The events of one run: {@link #started}, then per epoch {@link #epochStarted}, {@link #batchEnded} after every
 * batch and {@link #epochEnded}, then {@link #finished} or {@link #diverged}.
 */
public interface TrainingSink {
    /** The run is set up (or restored from its last checkpoint, when {@code resumed}); no batch has run yet. */
    default void started(RunState state, boolean resumed) {}

    /** Epoch {@code epoch} (0-based) begins. */
    default void epochStarted(int epoch) {}

    /** Batch {@code done} (1-based) of epoch {@code epoch} (0-based) is done; {@code seen} holds the epoch's running figures. */
    default void batchEnded(int epoch, int done, Evaluation seen, double lr) {}

    /** An epoch ended: {@code record} is its row, {@code best} whether it is the best so far on the watched metric. */
    default void epochEnded(RunState state, EpochRecord record, boolean best) {}

    /** The run ended; {@code test} is the final model on the test set (null when interrupted). */
    default void finished(RunState state, Trainer.Status status, Evaluation test) {}

    /** The loss stopped being finite; {@code message} says where and what was kept. The run ends with an error. */
    default void diverged(RunState state, String message) {}
}
