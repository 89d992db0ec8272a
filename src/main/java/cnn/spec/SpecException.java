package cnn.spec;

import cnn.io.BadInputException;

/**
 * A spec that cannot be used, located as precisely as we can: the file, the path inside it
 * (`layers[3].block.groups`) and the offending value. Its message is one line meant for the user.
 */
public final class SpecException extends BadInputException {
    private final String file;
    private final String path;
    private final String value;
    private final String problem;

    public SpecException(String file, String path, Object value, String problem, Throwable cause) {
        super(format(file, path, value, problem), cause);
        this.file = file;
        this.path = path;
        this.value = value == null ? null : String.valueOf(value);
        this.problem = problem;
    }

    public SpecException(String file, String path, Object value, String problem) {
        this(file, path, value, problem, null);
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public String value() {
        return value;
    }

    public String problem() {
        return problem;
    }

    /** The same error inside a document embedded at `prefix` (an inline model spec under `model`). */
    public SpecException under(String prefix) {
        String p = path == null || path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path;
        return new SpecException(file, p, value, problem, getCause());
    }

    private static String format(String file, String path, Object value, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<spec>" : file).append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path);
            if (value != null) {
                sb.append(" = ").append(value);
            }
            sb.append(": ");
        } else if (value != null) {
            sb.append(value).append(": ");
        }
        return sb.append(problem).toString().replace('\n', ' ');
    }
}
