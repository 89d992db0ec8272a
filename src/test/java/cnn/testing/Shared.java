package cnn.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The read-only reference material beside the checkout (`../shared`), or where `-Dcnn.shared` points. */
public final class Shared {
    private Shared() {}

    public static Path dir() {
        Path p = Path.of(System.getProperty("cnn.shared", "../shared"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("reference material not found at " + p.toAbsolutePath()
                    + "; set -Dcnn.shared=DIR");
        }
        return p;
    }

    public static Path reference(String first, String... more) {
        return dir().resolve("reference").resolve(Path.of(first, more));
    }
}
