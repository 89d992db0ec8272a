package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.spec.ModelSpec;
import cnn.zoo.Zoo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every zoo model builds from its spec and trains one step; models mirroring torchvision have its state_dict. */
class ZooNetworkTest {

    static Stream<String> names() {
        return Zoo.entries().stream().map(Zoo.Entry::name);
    }

    /** Forward and backward at the model's own input size: batch 2, or 1 at 224 pixels to keep the suite short. */
    @ParameterizedTest
    @MethodSource("names")
    void buildsAndRunsForwardAndBackward(String name) {
        Zoo.Resolved r = Zoo.resolve(name, null, null);
        Network net = Network.build(r.root(), Precision.FLOAT32, 1, r.spec().init());
        assertEquals(r.root().params(), net.store().params().length());
        int batch = r.root().in().h() >= 200 ? 1 : 2;
        INDArray x = Nd4j.rand(DataType.FLOAT, r.root().in().batchDims(batch)).subi(0.5);
        INDArray logits = net.forward(x, true);
        assertArrayEquals(new long[] {batch, r.spec().classes()}, logits.shape());
        assertFinite(name + " logits", logits);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0);
        int[] labels = new int[batch];
        double l = loss.forward(logits, labels);
        assertTrue(Double.isFinite(l) && l > 0, name + " loss " + l);
        INDArray dx = net.backward(loss.backward());
        assertArrayEquals(x.shape(), dx.shape());
        assertFinite(name + " gradients", net.store().grads());
        assertTrue(net.store().grads().norm2Number().doubleValue() > 0, name + ": some gradient is not zero");
        assertFinite(name + " eval logits", net.forward(x, false));
    }

    /** Parameter and buffer paths and shapes, in order, equal torchvision's state_dict (scripts/torchvision-state-dicts.py). */
    @ParameterizedTest
    @ValueSource(strings = {"alexnet", "vgg16", "vgg16_bn", "googlenet", "resnet18", "resnet34", "resnet50",
        "resnext50_32x4d", "mobilenet_v2"})
    void stateDictMatchesTorchvision(String name) throws IOException {
        Zoo.Resolved r = Zoo.resolve(name, null, null);
        Network net = Network.build(r.root(), Precision.FLOAT32, 0, r.spec().init());
        List<String> ours = new ArrayList<>();
        for (Param p : net.store().paramsByPath().values()) {
            ours.add(entry(p.path(), p.value().shape()));
        }
        net.store().buffersByPath().forEach((path, b) -> ours.add(entry(path, b.shape())));
        List<String> theirs;
        try (InputStream in = getClass().getResourceAsStream("/torchvision/" + name + ".txt")) {
            theirs = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        // torchvision interleaves each batch norm's buffers with its parameters; compare sets, then each order.
        assertEquals(theirs.stream().sorted().toList(), ours.stream().sorted().toList());
        List<String> theirParams = theirs.stream().filter(l -> !l.contains("running_")).toList();
        assertEquals(theirParams, ours.subList(0, theirParams.size()), "parameters in state_dict order");
    }

    private static String entry(String path, long[] shape) {
        StringBuilder sb = new StringBuilder(path);
        for (long d : shape) {
            sb.append(' ').append(d);
        }
        return sb.toString();
    }

    /** Initialisation is a function of (seed, path) only: the same seed gives the same weights. */
    @ParameterizedTest
    @ValueSource(strings = {"resnet20_cifar", "mobilenet_v2_cifar"})
    void sameSeedSameWeightsOtherSeedOthers(String name) {
        Zoo.Resolved r = Zoo.resolve(name, null, null);
        INDArray a = Network.build(r.root(), Precision.FLOAT32, 7, r.spec().init()).store().params();
        INDArray b = Network.build(r.root(), Precision.FLOAT32, 7, r.spec().init()).store().params();
        INDArray c = Network.build(r.root(), Precision.FLOAT32, 8, r.spec().init()).store().params();
        assertEquals(a, b);
        assertTrue(!a.equals(c));
        assertEquals(ModelSpec.InitScheme.KAIMING_NORMAL, r.spec().init());
    }

    private static void assertFinite(String what, INDArray a) {
        double sum = a.sumNumber().doubleValue();
        assertTrue(Double.isFinite(sum) && Double.isFinite(a.amaxNumber().doubleValue()), what + " not finite");
    }

}
