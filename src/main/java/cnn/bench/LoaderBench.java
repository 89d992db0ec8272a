package cnn.bench;

import cnn.data.Augmentation;
import cnn.data.BatchLoader;
import cnn.data.DatasetSpec;
import cnn.data.DatasetStore;
import cnn.data.Datasets;
import cnn.data.ImageSet;
import cnn.data.LoaderOptions;
import cnn.data.Split;
import cnn.data.Throughput;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Images per second the batch loader turns out (bytes to normalised, augmented float batches on its producer
 * thread) while the consumer only takes them: the ceiling the data pipeline puts on training.
 */
public final class LoaderBench {
    /**
     * @param synthetic random images of the data set's shape instead of its files (no download, no disk)
     * @param images    how many synthetic images (the real training split otherwise)
     */
    public record Options(String dataset, int batch, int batches, Augmentation augmentation, boolean synthetic,
            int images, Path dataDir, long seed) {}

    /** What was measured and on what. */
    public record Result(String dataset, String source, int batch, String augmentation, long images, double seconds,
            double imagesPerSecond, Memory memory) {}

    private LoaderBench() {}

    public static Result run(Options o) {
        DatasetSpec spec = Datasets.get(o.dataset());
        ImageSet set = o.synthetic() ? synthetic(spec, o.images(), o.seed())
                : DatasetStore.create(o.dataDir()).load(spec, Split.TRAIN);
        BatchLoader loader = new BatchLoader(set, LoaderOptions.training(o.batch(), o.seed(), spec.stats(),
                o.augmentation()));
        Throughput t = loader.measureThroughput(o.batches());
        String aug = o.augmentation().isNone() ? "none" : "pad " + o.augmentation().padding()
                + (o.augmentation().flip() ? ", flip" : "");
        return new Result(spec.name(), o.synthetic() ? "synthetic " + set.size() + " images" : "train split, "
                + set.size() + " images", o.batch(), aug, t.images(), t.seconds(), t.imagesPerSecond(), Memory.now());
    }

    /** Uniform random pixels and labels in the data set's shape. */
    static ImageSet synthetic(DatasetSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * spec.channels() * spec.height() * spec.width()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(256);
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(spec.numClasses());
        }
        return new ImageSet(px, labels, spec.channels(), spec.height(), spec.width(), spec.numClasses());
    }
}
