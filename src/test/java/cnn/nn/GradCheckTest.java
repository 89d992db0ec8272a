package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.testing.GradCheck;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Float64 central-difference checks of every primitive and combinator, over the input and all parameters. */
class GradCheckTest {
    private static final Init PT = Init.PYTORCH_DEFAULT;

    /** A layer under test built in a fresh float64 store, the input shape, and the mode. */
    record Case(String name, Function<ParamStore, Layer> build, long[] shape, boolean training, Function<INDArray, INDArray> input) {
        Case(String name, Function<ParamStore, Layer> build, long... shape) {
            this(name, build, shape, true, x -> x);
        }

        /** The layer under test on NCHW input (layers work on channels-last maps). */
        Layer layer(ParamStore s) {
            return new ChannelsLast(build.apply(s));
        }

        Case eval() {
            return new Case(name, build, shape, false, input);
        }

        /** Keeps inputs at least 0.05 away from the given kinks (activations are not differentiable there). */
        Case awayFrom(double scale, double... kinks) {
            return new Case(name, build, shape, training, x -> {
                INDArray v = x.muli(scale);
                for (long i = 0; i < v.length(); i++) {
                    for (double k : kinks) {
                        double d = v.getDouble(i) - k;
                        if (Math.abs(d) < 0.05) {
                            v.putScalar(i, k + Math.copySign(0.05 + Math.abs(d), d));
                        }
                    }
                }
                return v;
            });
        }

        @Override
        public String toString() {
            return name + (training ? "" : " (eval)");
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("conv k3 s1 p1", s -> new Conv2d(s, "c", 3, 4, 3, 3, 1, 1, 1, 1, 1, true, PT), 2, 3, 5, 6),
                new Case("conv k3 s2 p1", s -> new Conv2d(s, "c", 3, 4, 3, 3, 2, 2, 1, 1, 1, true, PT), 2, 3, 7, 6),
                new Case("conv 1x3 s(2,1) p(0,1)", s -> new Conv2d(s, "c", 2, 3, 1, 3, 2, 1, 0, 1, 1, true, PT), 2, 2, 5, 4),
                new Case("conv 2x3 s(1,2) p(1,0)", s -> new Conv2d(s, "c", 2, 3, 2, 3, 1, 2, 1, 0, 1, true, PT), 2, 2, 4, 7),
                new Case("conv no bias", s -> new Conv2d(s, "c", 3, 2, 3, 3, 1, 1, 1, 1, 1, false, PT), 2, 3, 4, 5),
                new Case("conv groups 2", s -> new Conv2d(s, "c", 4, 6, 3, 3, 1, 1, 1, 1, 2, true, PT), 2, 4, 5, 4),
                new Case("conv groups 2 s2 no bias", s -> new Conv2d(s, "c", 4, 2, 3, 3, 2, 2, 1, 1, 2, false, PT), 2, 4, 6, 5),
                new Case("conv groups 4 behind another layer (weight views at an offset)", s -> new Sequential(List.of(
                        new Conv2d(s, "c1", 12, 12, 1, 1, 1, 1, 0, 0, 1, false, PT),
                        new Conv2d(s, "c2", 12, 12, 3, 3, 1, 1, 1, 1, 4, true, PT))), 2, 12, 3, 3),
                new Case("depthwise", s -> new Conv2d(s, "c", 3, 3, 3, 3, 1, 1, 1, 1, 3, true, PT), 2, 3, 5, 4),
                new Case("depthwise x2 s2", s -> new Conv2d(s, "c", 3, 6, 3, 3, 2, 2, 1, 1, 3, true, PT), 2, 3, 6, 5),
                new Case("depthwise no bias", s -> new Conv2d(s, "c", 4, 4, 3, 3, 1, 1, 1, 1, 4, false, PT), 2, 4, 4, 4),
                new Case("batchnorm train", GradCheckTest::batchNorm, 3, 3, 4, 5),
                new Case("batchnorm eval", GradCheckTest::batchNorm, 3, 3, 4, 5).eval(),
                new Case("linear", s -> new Linear(s, "fc", 7, 4, true, PT), 3, 7),
                new Case("linear no bias", s -> new Linear(s, "fc", 5, 3, false, PT), 2, 5),
                new Case("lrn size 3 strong", s -> new LocalResponseNorm(3, 1.0, 0.75, 1.0), 2, 5, 3, 2),
                new Case("lrn size 4 (even window)", s -> new LocalResponseNorm(4, 0.5, 0.6, 2.0), 2, 6, 2, 3),
                new Case("lrn size 5 > channels", s -> new LocalResponseNorm(5, 0.8, 0.75, 1.0), 2, 3, 2, 2),
                new Case("maxpool k2 s2", s -> new MaxPool2d(2, 2, 2, 2, 0, 0, false), 2, 2, 5, 6),
                new Case("maxpool k3 s2 p1", s -> new MaxPool2d(3, 3, 2, 2, 1, 1, false), 2, 2, 7, 6),
                new Case("maxpool k3 s2 ceil", s -> new MaxPool2d(3, 3, 2, 2, 0, 0, true), 2, 2, 8, 6),
                new Case("maxpool 3x2 s(2,1) p(1,0) ceil", s -> new MaxPool2d(3, 2, 2, 1, 1, 0, true), 2, 2, 6, 5),
                new Case("avgpool k2 s2", s -> new AvgPool2d(2, 2, 2, 2, 0, 0, false, true), 2, 2, 5, 6),
                new Case("avgpool k3 s1 p1 incl", s -> new AvgPool2d(3, 3, 1, 1, 1, 1, false, true), 2, 2, 4, 5),
                new Case("avgpool k3 s1 p1 excl", s -> new AvgPool2d(3, 3, 1, 1, 1, 1, false, false), 2, 2, 4, 5),
                new Case("avgpool k3 s2 p1 ceil incl", s -> new AvgPool2d(3, 3, 2, 2, 1, 1, true, true), 2, 2, 6, 7),
                new Case("avgpool k3 s2 p1 ceil excl", s -> new AvgPool2d(3, 3, 2, 2, 1, 1, true, false), 2, 2, 6, 7),
                new Case("avgpool k3 s2 ceil", s -> new AvgPool2d(3, 3, 2, 2, 0, 0, true, true), 2, 2, 8, 5),
                new Case("adaptive avgpool 3x2", s -> new AdaptiveAvgPool2d(3, 2), 2, 3, 7, 5),
                new Case("adaptive avgpool 1x1", s -> new AdaptiveAvgPool2d(1, 1), 2, 3, 4, 5),
                new Case("adaptive avgpool 4x4 from 3x3 (upsampling bins)", s -> new AdaptiveAvgPool2d(4, 4), 1, 2, 3, 3),
                new Case("flatten", s -> new Flatten(), 2, 3, 2, 2),
                new Case("relu", s -> new ReLU(), 2, 3, 4, 4).awayFrom(2, 0),
                new Case("relu6", s -> new ReLU6(), 2, 3, 4, 4).awayFrom(5, 0, 6),
                new Case("leaky relu", s -> new LeakyReLU(0.1), 2, 3, 4, 4).awayFrom(2, 0),
                new Case("tanh", s -> new Tanh(), 2, 3, 4, 4),
                new Case("sigmoid", s -> new Sigmoid(), 2, 3, 4, 4).awayFrom(3),
                new Case("hardswish", s -> new Hardswish(), 2, 3, 4, 4).awayFrom(4, -3, 3),
                new Case("sequential conv relu pool flatten linear", s -> new Sequential(List.of(
                        new Conv2d(s, "conv", 2, 3, 3, 3, 1, 1, 1, 1, 1, true, PT), new ReLU(),
                        new MaxPool2d(2, 2, 2, 2, 0, 0, false), new Flatten(), new Linear(s, "fc", 12, 5, true, PT))),
                        2, 2, 4, 4),
                new Case("residual identity", GradCheckTest::basicBlock, 2, 3, 4, 4),
                new Case("residual identity", GradCheckTest::basicBlock, 2, 3, 4, 4).eval(),
                new Case("residual projection", s -> new Residual(new Sequential(List.of(
                        new Conv2d(s, "conv1", 2, 4, 3, 3, 2, 2, 1, 1, 1, false, PT), bn(s, "bn1", 4))),
                        new Sequential(List.of(new Conv2d(s, "down.0", 2, 4, 1, 1, 2, 2, 0, 0, 1, false, PT),
                                bn(s, "down.1", 4))), true),
                        2, 2, 5, 4),
                new Case("residual no relu", s -> new Residual(
                        new Conv2d(s, "conv", 3, 3, 3, 3, 1, 1, 1, 1, 1, true, PT), null, false), 2, 3, 3, 3),
                new Case("residual shortcut A", s -> new Residual(
                        new Conv2d(s, "conv", 2, 4, 3, 3, 2, 2, 1, 1, 1, true, PT), new ShortcutA(2, 4, 2), true),
                        2, 2, 5, 6),
                new Case("shortcut A 3->6 s2", s -> new ShortcutA(3, 6, 2), 2, 3, 5, 4),
                new Case("shortcut A 2->5 s1 (uneven padding)", s -> new ShortcutA(2, 5, 1), 2, 2, 3, 3),
                new Case("concat", s -> new Concat(List.of(
                        new Conv2d(s, "b1", 3, 2, 1, 1, 1, 1, 0, 0, 1, true, PT),
                        new Sequential(List.of(new Conv2d(s, "b2", 3, 3, 3, 3, 1, 1, 1, 1, 1, true, PT), new Tanh())),
                        new MaxPool2d(3, 3, 1, 1, 1, 1, false))), 2, 3, 4, 4))
                .map(Arguments::of);
    }

    /** ResNet basic block with identity shortcut; eval mode uses the (non-trivial) running statistics. */
    private static Layer basicBlock(ParamStore s) {
        Layer block = new Residual(new Sequential(List.of(
                new Conv2d(s, "conv1", 3, 3, 3, 3, 1, 1, 1, 1, 1, false, PT), bn(s, "bn1", 3), new ReLU(),
                new Conv2d(s, "conv2", 3, 3, 3, 3, 1, 1, 1, 1, 1, false, PT), bn(s, "bn2", 3))), null, true);
        s.buffersByPath().values().forEach(b -> b.addi(GradCheck.randn(b.length(), b.shape()).muli(0.1).castTo(b.dataType())));
        return block;
    }

    private static BatchNorm2d bn(ParamStore s, String path, int c) {
        return new BatchNorm2d(s, path, c, 1e-5, 0.1);
    }

    /** Batch norm with non-trivial weight, bias and running statistics. */
    private static Layer batchNorm(ParamStore s) {
        BatchNorm2d bn = new BatchNorm2d(s, "bn", 3, 1e-5, 0.1);
        s.paramsByPath().get("bn.weight").value().assign(Nd4j.createFromArray(0.7, 1.3, -0.4));
        s.paramsByPath().get("bn.bias").value().assign(Nd4j.createFromArray(0.1, -0.2, 0.3));
        s.buffersByPath().get("bn.running_mean").assign(Nd4j.createFromArray(0.2, -0.1, 0.5));
        s.buffersByPath().get("bn.running_var").assign(Nd4j.createFromArray(0.8, 1.5, 0.6));
        return bn;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Case c) {
        ParamStore s = new ParamStore(DataType.DOUBLE, 10_000, 1_000, 1);
        Layer layer = c.layer(s);
        GradCheck.check(layer, c.input().apply(GradCheck.randn(7, c.shape())), c.training());
    }

    @Test
    void dropoutWithOneMask() {
        Dropout d = new Dropout(0.4, 3);
        GradCheck.check(d, GradCheck.randn(5, 2, 3, 4, 4), true, () -> d.setCalls(0));
    }

    @ParameterizedTest(name = "label smoothing {0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.0, 0.1, 1.0})
    void crossEntropy(double eps) {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(eps);
        INDArray logits = GradCheck.randn(11, 4, 6).muli(3);
        int[] labels = {2, 0, 5, 2};
        ce.forward(logits, labels);
        INDArray analytic = ce.backward().dup();
        INDArray numeric = GradCheck.numeric(logits, () -> ce.forward(logits, labels));
        double err = GradCheck.relativeError(analytic, numeric);
        assertTrue(err <= 1e-6, "dlogits relative error " + err);
    }
}
