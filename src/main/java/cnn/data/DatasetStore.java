package cnn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds a registered data set on disk and reads a split into memory. A split is looked for in
 * {@code <dataDir>/<name>/}, then in the spec's system directories (Debian's {@code /usr/share/datasets/...});
 * whatever is missing is downloaded into {@code <dataDir>/<name>/}.
 */
public final class DatasetStore {
    /** The data directory when none is given: {@code datasets} under the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("datasets");
    private static final String CIFAR_DIR = "cifar-10-batches-bin";

    private final Path dataDir;
    private final Downloader downloader;

    public DatasetStore(Path dataDir, Downloader downloader) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
    }

    /** A store over {@code dataDir} that downloads from the canonical locations or {@value Downloader#MIRROR_ENV}. */
    public static DatasetStore create(Path dataDir) {
        return new DatasetStore(dataDir, Downloader.fromEnvironment());
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where downloads of this data set go. */
    public Path directory(DatasetSpec spec) {
        return dataDir.resolve(spec.name());
    }

    public ImageSet load(String name, Split split) {
        return load(Datasets.get(name), split);
    }

    /** Reads a split, downloading its files first if they are nowhere on disk. */
    public ImageSet load(DatasetSpec spec, Split split) {
        List<Path> files = locate(spec, split);
        ImageSet set = switch (spec.format()) {
            case IDX -> IdxReader.read(files.get(0), files.get(1), spec.numClasses());
            case CIFAR_BINARY -> files.get(0).getFileName().toString().endsWith(".tar.gz")
                    ? CifarReader.readArchive(files.get(0), cifarBatches(split), spec.numClasses())
                    : CifarReader.readFiles(files, spec.numClasses());
        };
        String where = files.get(0).getFileName().toString();
        if (set.channels() != spec.channels() || set.height() != spec.height() || set.width() != spec.width()) {
            throw DatasetException.in(where, "images are " + set.channels() + "x" + set.height() + "x" + set.width()
                    + ", " + spec.name() + " has " + spec.channels() + "x" + spec.height() + "x" + spec.width());
        }
        if (set.size() != spec.size(split)) {
            throw DatasetException.in(where, set.size() + " images, the " + spec.name() + " " + split.name().toLowerCase()
                    + " split has " + spec.size(split) + " (incomplete or wrong files in " + files.get(0).getParent() + ")");
        }
        return set;
    }

    /**
     * The files a split is read from, downloading them if needed: for IDX the images file then the labels file, for
     * CIFAR-10 the batch files or the one archive that holds them.
     */
    public List<Path> locate(DatasetSpec spec, Split split) {
        for (Path dir : searchDirs(spec)) {
            List<Path> found = find(spec, split, dir);
            if (found != null) {
                return found;
            }
        }
        downloader.fetch(spec.name(), spec.filesFor(split), directory(spec));
        List<Path> found = find(spec, split, directory(spec));
        if (found == null) {
            throw new DatasetException(spec.name() + ": files still missing in " + directory(spec).toAbsolutePath()
                    + " after the download");
        }
        return found;
    }

    private List<Path> searchDirs(DatasetSpec spec) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(directory(spec));
        dirs.addAll(spec.systemDirs());
        return dirs;
    }

    /** The split's files in {@code dir}, or null if any is missing there. */
    private static List<Path> find(DatasetSpec spec, Split split, Path dir) {
        return switch (spec.format()) {
            case IDX -> {
                Path images = null;
                Path labels = null;
                for (DatasetSpec.RemoteFile f : spec.filesFor(split)) {
                    Path p = existing(dir, f.name());
                    if (f.name().contains("-images-")) {
                        images = p;
                    } else {
                        labels = p;
                    }
                }
                yield images == null || labels == null ? null : List.of(images, labels);
            }
            case CIFAR_BINARY -> {
                for (Path batchDir : List.of(dir.resolve(CIFAR_DIR), dir)) {
                    List<Path> batches = cifarBatches(split).stream().map(batchDir::resolve).toList();
                    if (batches.stream().allMatch(Files::isRegularFile)) {
                        yield batches;
                    }
                }
                Path archive = dir.resolve(spec.files().get(0).name());
                yield Files.isRegularFile(archive) ? List.of(archive) : null;
            }
        };
    }

    /** {@code dir/name}, or the same name without {@code .gz} (an unpacked copy), or null. */
    private static Path existing(Path dir, String name) {
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p)) {
            return p;
        }
        if (name.endsWith(".gz")) {
            Path raw = dir.resolve(name.substring(0, name.length() - 3));
            if (Files.isRegularFile(raw)) {
                return raw;
            }
        }
        return null;
    }

    private static List<String> cifarBatches(Split split) {
        return split == Split.TRAIN
                ? List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin")
                : List.of("test_batch.bin");
    }
}
