package cnn.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The registered data sets, in one explicit list.
 *
 * <p>Sizes and SHA-256 sums are the ones TensorFlow Datasets publishes for these files in
 * {@code tensorflow_datasets/url_checksums/{mnist,fashion_mnist,cifar10}.txt}. TFDS lists MNIST under its
 * {@code storage.googleapis.com/cvdf-datasets/mnist/} mirror; the files on torchvision's
 * {@code ossci-datasets} mirror and on yann.lecun.com are the same bytes (torchvision's MD5s match, and
 * other projects pin these SHA-256 sums against both hosts).
 */
public final class Datasets {
    private static final String MNIST_BASE = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    // The Fashion-MNIST S3 site is a website endpoint: plain HTTP only, integrity comes from the SHA-256.
    private static final String FASHION_BASE = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    public static final DatasetSpec MNIST = new DatasetSpec(
            "mnist",
            DatasetSpec.Format.IDX,
            List.of(
                    file(MNIST_BASE, "train-images-idx3-ubyte.gz", 9_912_422,
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    file(MNIST_BASE, "train-labels-idx1-ubyte.gz", 28_881,
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    file(MNIST_BASE, "t10k-images-idx3-ubyte.gz", 1_648_877,
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    file(MNIST_BASE, "t10k-labels-idx1-ubyte.gz", 4_542,
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            1, 28, 28, 60_000, 10_000,
            new Normalization(new float[] {0.1307f}, new float[] {0.3081f}),
            "mean/std of x/255 over all 60,000 training images, as used by pytorch/examples mnist/main.py",
            List.of());

    public static final DatasetSpec FASHION_MNIST = new DatasetSpec(
            "fashion-mnist",
            DatasetSpec.Format.IDX,
            List.of(
                    file(FASHION_BASE, "train-images-idx3-ubyte.gz", 26_421_880,
                            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
                    file(FASHION_BASE, "train-labels-idx1-ubyte.gz", 29_515,
                            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
                    file(FASHION_BASE, "t10k-images-idx3-ubyte.gz", 4_422_102,
                            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
                    file(FASHION_BASE, "t10k-labels-idx1-ubyte.gz", 5_148,
                            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            1, 28, 28, 60_000, 10_000,
            new Normalization(new float[] {0.2860f}, new float[] {0.3530f}),
            "mean/std of x/255 over all 60,000 training images (shared/reference/README.md; checked by"
                    + " FashionMnistFilesTest against the installed files)",
            List.of(Path.of("/usr/share/datasets/fashion-mnist")));

    public static final DatasetSpec CIFAR10 = new DatasetSpec(
            "cifar10",
            DatasetSpec.Format.CIFAR_BINARY,
            List.of(file("https://www.cs.toronto.edu/~kriz/", "cifar-10-binary.tar.gz", 170_052_171,
                    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")),
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
            3, 32, 32, 50_000, 10_000,
            new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f}),
            "per-channel mean/std of x/255 over all 50,000 training images (population std over every pixel;"
                    + " fb.resnet.torch datasets/cifar10.lua gives the same on 0..255: 125.3/123.0/113.9, 63.0/62.1/66.7)",
            List.of());

    /** Every registered data set, in the order the help text lists them. */
    public static final List<DatasetSpec> ALL = List.of(MNIST, FASHION_MNIST, CIFAR10);

    private Datasets() {
    }

    public static List<String> names() {
        return ALL.stream().map(DatasetSpec::name).toList();
    }

    /** The registered data set of that name; an unknown name is an error that lists the valid ones. */
    public static DatasetSpec get(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new DatasetException(
                "unknown dataset '" + name + "'; valid names: " + ALL.stream().map(DatasetSpec::name)
                        .collect(Collectors.joining(", "))));
    }

    private static DatasetSpec.RemoteFile file(String base, String name, long size, String sha256) {
        return new DatasetSpec.RemoteFile(name, URI.create(base + name), size, sha256);
    }
}
