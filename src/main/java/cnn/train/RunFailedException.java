package cnn.train;

/** A run that could not go on (its loss diverged, say); the message says why and what was kept. */
public final class RunFailedException extends RuntimeException {
    public RunFailedException(String message) {
        super(message);
    }
}
