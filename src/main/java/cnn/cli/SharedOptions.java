package cnn.cli;

import cnn.spec.Shape;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options several commands take, declared once each as picocli mixins. */
final class SharedOptions {
    private SharedOptions() {}

    /** {@code --threads T}. */
    static final class Threads {
        @Option(names = "--threads", paramLabel = "T",
                description = "Threads, one data-parallel replica each (default: the run config's; bench: every core).")
        Integer threads;

        /** The option's value, or {@code otherwise} when it was not given; at least 1. */
        int or(int otherwise) {
            return threads != null ? threads : otherwise;
        }
    }

    /** {@code --data-dir DIR}. */
    static final class DataDir {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Where the data sets are (default: the run config's, or ./datasets).")
        Path dataDir;
    }

    /** {@code --batch-size B}, also spelt {@code --batch}. */
    static final class BatchSize {
        @Option(names = {"--batch-size", "--batch"}, paramLabel = "B",
                description = "Images per batch (default: the run config's; bench: 64, summarize: 32).")
        Integer batchSize;

        int or(int otherwise) {
            return batchSize != null ? batchSize : otherwise;
        }
    }

    /** {@code --input C,H,W}. */
    static final class Input {
        @Option(names = "--input", paramLabel = "C,H,W", converter = ShapeConverter.class,
                description = "Input shape to use instead of the spec's.")
        Shape input;
    }
}
