package cnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Fashion-MNIST files from Debian's dataset-fashion-mnist package, where installed. */
class FashionMnistFilesTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    private static ImageSet train;
    private static ImageSet test;

    @BeforeAll
    static void load(@TempDir Path emptyDataDir) {
        assumeTrue(Files.isDirectory(DEBIAN), DEBIAN + " is absent (apt-get install dataset-fashion-mnist)");
        // Nothing may be downloaded: a refused port makes any attempt fail loudly.
        Downloader offline = new Downloader(URI.create("http://127.0.0.1:1/"), new PrintStream(OutputStream.nullOutputStream()),
                false, 1, Duration.ZERO);
        DatasetStore store = new DatasetStore(emptyDataDir, offline);
        assertEquals(DEBIAN.resolve("train-images-idx3-ubyte.gz"), store.locate(Datasets.FASHION_MNIST, Split.TRAIN).get(0));
        train = store.load(Datasets.FASHION_MNIST, Split.TRAIN);
        test = store.load(Datasets.FASHION_MNIST, Split.TEST);
    }

    @Test
    void countsAndShape() {
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertEquals(1, train.channels());
    }

    @Test
    void labelsAreInRangeAndClassesBalanced() {
        for (ImageSet set : new ImageSet[] {train, test}) {
            int[] counts = new int[10];
            for (int i = 0; i < set.size(); i++) {
                counts[set.label(i)]++;
            }
            for (int c = 0; c < 10; c++) {
                assertEquals(set.size() / 10, counts[c], "class " + c);
            }
        }
    }

    @Test
    void trainStatisticsMatchThePublishedOnes() {
        Normalization measured = Normalization.measure(train);
        assertEquals(0.2860, measured.mean()[0], 5e-5);
        assertEquals(0.3530, measured.std()[0], 5e-5);
        assertEquals(Datasets.FASHION_MNIST.stats().mean()[0], measured.mean()[0], 5e-5);
        assertEquals(Datasets.FASHION_MNIST.stats().std()[0], measured.std()[0], 5e-5);
    }
}
