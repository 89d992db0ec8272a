package cnn.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the program knows about one published data set: where its files come from and their checksums, how the files
 * are laid out, the classes, the image shape and the normalisation statistics of its training split.
 *
 * @param files        the files as published, each with its canonical URL, size and SHA-256
 * @param stats        per-channel mean and std of x/255 over the training split
 * @param statsSource  where {@code stats} come from
 * @param systemDirs   read-only places a distribution may have installed the files (searched after the data dir)
 */
public record DatasetSpec(
        String name,
        Format format,
        List<RemoteFile> files,
        List<String> classNames,
        int channels,
        int height,
        int width,
        int trainSize,
        int testSize,
        Normalization stats,
        String statsSource,
        List<Path> systemDirs) {

    /** How the files are laid out on disk. */
    public enum Format {
        /** {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-...}. */
        IDX,
        /** {@code cifar-10-batches-bin/data_batch_{1..5}.bin} and {@code test_batch.bin}, or the archive holding them. */
        CIFAR_BINARY
    }

    /** One published file: canonical URL, size in bytes and SHA-256 of the file exactly as served. */
    public record RemoteFile(String name, URI url, long size, String sha256) {
        public RemoteFile {
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(name + ": sha256 must be 64 lower-case hex digits");
            }
        }
    }

    public DatasetSpec {
        files = List.copyOf(files);
        classNames = List.copyOf(classNames);
        systemDirs = List.copyOf(systemDirs);
        if (stats.channels() != channels) {
            throw new IllegalArgumentException(name + ": stats for " + stats.channels() + " channels, images have " + channels);
        }
    }

    public int numClasses() {
        return classNames.size();
    }

    public int size(Split split) {
        return split == Split.TRAIN ? trainSize : testSize;
    }

    /** The published files a split is read from. */
    public List<RemoteFile> filesFor(Split split) {
        return switch (format) {
            case IDX -> {
                String prefix = split == Split.TRAIN ? "train-" : "t10k-";
                yield files.stream().filter(f -> f.name().startsWith(prefix)).toList();
            }
            case CIFAR_BINARY -> files;
        };
    }

    @Override
    public String toString() {
        return name + " (" + String.format(Locale.ROOT, "%dx%dx%d, %d classes, %d train + %d test",
                channels, height, width, numClasses(), trainSize, testSize) + ")";
    }
}
