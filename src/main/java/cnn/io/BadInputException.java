package cnn.io;

/**
 * Input the user can fix (a spec, a config, a data file, an argument): the CLI prints its one-line message
 * without a stack trace and exits with status 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
