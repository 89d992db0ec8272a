package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.spec.ModelSpec;
import cnn.spec.Node;
import cnn.spec.Resolver;
import cnn.spec.SpecReader;
import cnn.testing.Golden;
import cnn.testing.GradCheck;
import cnn.nn.optim.Optimizer;
import cnn.nn.optim.Sgd;
import java.io.IOException;
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
 * The zoo's LeNet-5, built from its spec, against PyTorch's end-to-end golden ({@code reference/lenet5}):
 * with the golden's weights loaded by state_dict path, every activation, the logits, the loss and every
 * gradient match (float32 at 1e-5, float64 at 1e-10 against the float64 reference), and two SGD-momentum
 * steps give PyTorch's parameters and losses. The relu/max variant is the zoo spec with ReLU and max pooling.
 */
class LeNetGoldenTest {
    static Stream<Arguments> variants() {
        return Stream.of("lenet5_relu_max_32", "lenet5_tanh_avg_32")
                .flatMap(v -> Stream.of(Arguments.of(v, DataType.FLOAT), Arguments.of(v, DataType.DOUBLE)));
    }

    private static Node lenet(boolean relu) throws IOException {
        String yaml = new String(LeNetGoldenTest.class.getClassLoader().getResourceAsStream("models/lenet5.yaml").readAllBytes());
        if (relu) {
            yaml = yaml.replace("{type: tanh}", "{type: relu}").replace("{type: avg_pool,", "{type: max_pool,");
        }
        ModelSpec spec = SpecReader.parseModel(yaml, SpecReader.Format.YAML, "lenet5.yaml");
        return Resolver.resolve(spec, "lenet5.yaml");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void matchesPyTorch(String variant, DataType dtype) throws IOException {
        Golden g = Golden.read(Golden.shared().resolve(Path.of("reference", "lenet5", variant + ".txt")));
        Network net = Network.build(lenet(variant.contains("relu")), Precision.of(dtype.name()), 0, ModelSpec.InitScheme.PYTORCH);
        ParamStore s = net.store();
        for (Param p : s.paramsByPath().values()) {
            p.value().assign(g.array("param." + p.path(), dtype));
        }
        assertEquals(g.names().stream().filter(n -> n.startsWith("param.")).count(), s.paramsByPath().size());

        double tol = dtype == DataType.DOUBLE ? 1e-10 : 1e-5;
        List<Layer> layers = ((Sequential) net.root()).layers();
        List<String> names = net.spec().children().stream().map(Node::name).toList();
        assertEquals(List.of("conv1", "act1", "pool1", "conv2", "act2", "pool2", "flatten", "fc1", "act3", "fc2", "act4",
                "fc3"), names);
        INDArray x = g.array("input.x", dtype);
        INDArray a = x.permute(0, 2, 3, 1).dup('c'); // layers work on channels-last maps
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i).forward(a, true);
            String ref = names.get(i).equals("fc3") ? "f64.logits" : "f64.act." + names.get(i);
            assertClose(g, ref, a.rank() == 4 ? a.permute(0, 3, 1, 2) : a, tol);
        }
        int[] labels = Arrays.stream(g.tensor("input.y").values()).mapToInt(v -> (int) v).toArray();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0);
        double l = loss.forward(net.forward(x, true), labels);
        assertEquals(g.tensor("f64.loss").values()[0], l, tol * Math.abs(l));
        assertClose(g, "softmax", loss.probabilities(), 1e-5);
        net.backward(loss.backward());
        for (Param p : s.paramsByPath().values()) {
            assertClose(g, "f64.grad." + p.path(), p.grad(), tol);
        }

        // Two SGD steps (lr 0.01, momentum 0.9) on the same batch; PyTorch's results are float32.
        Optimizer sgd = new Sgd(0.01, 0.9, false, 0.0).create(s.params(), s.grads());
        for (int step = 1; step <= 2; step++) {
            sgd.step(0.01);
            for (Param p : s.paramsByPath().values()) {
                assertClose(g, "step" + step + "." + p.path(), p.value(), 1e-5);
            }
            double after = loss.forward(net.forward(x, true), labels);
            assertEquals(g.tensor("loss_step" + step).values()[0], after, 1e-5 * after, "loss after step " + step);
            net.backward(loss.backward());
        }
    }

    private static void assertClose(Golden g, String name, INDArray ours, double tol) {
        double err = GradCheck.relativeError(ours, g.array(name, DataType.DOUBLE));
        assertTrue(err <= tol, name + ": relative error " + err + " > " + tol);
    }
}
