package cnn.data;

import cnn.io.BadInputException;
import java.nio.file.Path;

/** A data set file that is missing, malformed or could not be fetched; the message is one line that names the file. */
public final class DatasetException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    static DatasetException in(Path file, String what) {
        return new DatasetException(file.getFileName() + ": " + what);
    }

    static DatasetException in(String source, String what) {
        return new DatasetException(source + ": " + what);
    }
}
