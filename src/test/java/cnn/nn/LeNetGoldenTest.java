package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.testing.Golden;
import cnn.testing.GradCheck;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LeNet-5 assembled from primitives against PyTorch's end-to-end golden ({@code reference/lenet5}):
 * every activation, logits, loss and every parameter gradient, float32 at 1e-5 and float64 at 1e-10
 * against the float64 reference. Parameters load by their state_dict paths.
 */
class LeNetGoldenTest {
    static Stream<Arguments> variants() {
        return Stream.of("lenet5_relu_max_32", "lenet5_tanh_avg_32")
                .flatMap(v -> Stream.of(Arguments.of(v, DataType.FLOAT), Arguments.of(v, DataType.DOUBLE)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void matchesPyTorch(String variant, DataType dtype) {
        Golden g = Golden.read(Golden.shared().resolve(Path.of("reference", "lenet5", variant + ".txt")));
        boolean relu = variant.contains("relu");
        ParamStore s = new ParamStore(dtype, 70_000, 0, 0);
        List<Layer> layers = List.of(
                new Conv2d(s, "conv1", 1, 6, 5, 5, 1, 1, 0, 0, 1, true, Init.PYTORCH_DEFAULT), act(relu), pool(relu),
                new Conv2d(s, "conv2", 6, 16, 5, 5, 1, 1, 0, 0, 1, true, Init.PYTORCH_DEFAULT), act(relu), pool(relu),
                new Flatten(),
                new Linear(s, "fc1", 400, 120, true, Init.PYTORCH_DEFAULT), act(relu),
                new Linear(s, "fc2", 120, 84, true, Init.PYTORCH_DEFAULT), act(relu),
                new Linear(s, "fc3", 84, 10, true, Init.PYTORCH_DEFAULT));
        List<String> names = List.of("conv1", "act1", "pool1", "conv2", "act2", "pool2", "flatten",
                "fc1", "act3", "fc2", "act4", "fc3");
        for (Param p : s.paramsByPath().values()) {
            p.value().assign(g.array("param." + p.path(), dtype));
        }
        assertEquals(g.names().stream().filter(n -> n.startsWith("param.")).count(), s.paramsByPath().size());

        double tol = dtype == DataType.DOUBLE ? 1e-10 : 1e-5;
        INDArray a = g.array("input.x", dtype);
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i).forward(a, true);
            assertClose(g, "f64.act." + names.get(i), a, tol);
        }
        int[] labels = Arrays.stream(g.tensor("input.y").values()).mapToInt(v -> (int) v).toArray();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0);
        double l = loss.forward(a, labels);
        assertEquals(g.tensor("f64.loss").values()[0], l, tol * Math.abs(l));
        assertClose(g, "softmax", loss.probabilities(), 1e-5);
        INDArray d = loss.backward();
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d);
        }
        for (Param p : s.paramsByPath().values()) {
            assertClose(g, "f64.grad." + p.path(), p.grad(), tol);
        }
    }

    private static Layer act(boolean relu) {
        return relu ? new ReLU() : new Tanh();
    }

    private static Layer pool(boolean relu) {
        return relu ? new MaxPool2d(2, 2, 2, 2, 0, 0, false) : new AvgPool2d(2, 2, 2, 2, 0, 0, false, true);
    }

    private static void assertClose(Golden g, String name, INDArray ours, double tol) {
        double err = GradCheck.relativeError(ours, g.array(name, DataType.DOUBLE));
        assertTrue(err <= tol, name + ": relative error " + err + " > " + tol);
    }
}
