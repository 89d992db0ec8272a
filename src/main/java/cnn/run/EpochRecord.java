package cnn.run;

/**
 * One epoch's metrics. Training loss and accuracy are averages over the epoch's batches in training mode;
 * validation and test metrics (null when not measured) are in evaluation mode at the epoch's end.
 * `lr` is the learning rate of the epoch's first step. Seconds and images/s are wall-clock, the only
 * figures that differ between two runs of one config and seed.
 */
public record EpochRecord(int epoch, double trainLoss, double trainAcc, Double valLoss, Double valAcc, Double testLoss,
        Double testAcc, double lr, double seconds, double imagesPerSecond) {}
