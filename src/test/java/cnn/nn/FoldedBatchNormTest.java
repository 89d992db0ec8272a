package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.testing.GradCheck;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch norm folded into the convolution before it ({@link ConvBatchNorm}, what the network builder makes) gives in eval
 * mode what the two layers give apart, forward and backward, and passes the float64 gradient check; training mode is
 * untouched.
 */
class FoldedBatchNormTest {
    private static final Init PT = Init.PYTORCH_DEFAULT;

    /** conv -> bn -> relu, optionally folded, with non-trivial batch-norm parameters and statistics. */
    private static Layer block(ParamStore s, String kind, boolean fold) {
        Conv2d conv = switch (kind) {
            case "conv3x3" -> new Conv2d(s, "c", 3, 4, 3, 3, 1, 1, 1, 1, 1, true, PT);
            case "pointwise" -> new Conv2d(s, "c", 3, 4, 1, 1, 1, 1, 0, 0, 1, false, PT); // 14x14 input: per-sample gemm
            case "depthwise" -> new Conv2d(s, "c", 4, 4, 3, 3, 2, 2, 1, 1, 4, false, PT);
            default -> throw new IllegalArgumentException(kind);
        };
        BatchNorm2d bn = new BatchNorm2d(s, "bn", 4, 1e-5, 0.1);
        s.paramsByPath().get("bn.weight").value().assign(GradCheck.randn(1, 4).castTo(s.dtype()));
        s.paramsByPath().get("bn.bias").value().assign(GradCheck.randn(2, 4).castTo(s.dtype()));
        s.buffersByPath().get("bn.running_mean").assign(GradCheck.randn(3, 4).muli(0.3).castTo(s.dtype()));
        s.buffersByPath().get("bn.running_var").assign(GradCheck.randn(4, 4).muli(0.2).addi(1).castTo(s.dtype()));
        List<Layer> layers = fold
                ? List.of(new ConvBatchNorm(conv, bn, LayerTimes.Timer.NONE, LayerTimes.Timer.NONE), new ReLU())
                : List.of(conv, bn, new ReLU());
        return new ChannelsLast(new Sequential(layers));
    }

    private static long[] shape(String kind) {
        return kind.equals("pointwise") ? new long[] {2, 3, 14, 14} : kind.equals("depthwise")
                ? new long[] {2, 4, 6, 5} : new long[] {2, 3, 5, 6};
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv3x3", "pointwise", "depthwise"})
    void evalModeMatchesTheLayersApart(String kind) {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = t == DataType.FLOAT ? 1e-5 : 1e-10;
            BiFunction<Boolean, Boolean, INDArray[]> run = (fold, training) -> {
                ParamStore s = new ParamStore(t, 1_000, 100, 5);
                Layer l = block(s, kind, fold);
                INDArray x = GradCheck.randn(6, shape(kind)).castTo(t);
                INDArray y = l.forward(x, training).dup();
                INDArray dx = l.backward(GradCheck.randn(7, y.shape()).castTo(t)).dup();
                return new INDArray[] {y, dx, s.grads().dup(), s.buffers().dup()};
            };
            for (boolean training : new boolean[] {false, true}) {
                INDArray[] apart = run.apply(false, training);
                INDArray[] folded = run.apply(true, training);
                String[] what = {"y", "dx", "param grads", "buffers"};
                for (int i = 0; i < what.length; i++) {
                    double scale = Math.max(apart[i].amaxNumber().doubleValue(), 1e-30);
                    double err = apart[i].sub(folded[i]).amaxNumber().doubleValue() / scale;
                    assertTrue(err <= tol, kind + " " + t + (training ? " training " : " eval ") + what[i] + ": " + err);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv3x3", "pointwise", "depthwise"})
    void foldedEvalModePassesTheGradientCheck(String kind) {
        ParamStore s = new ParamStore(DataType.DOUBLE, 1_000, 100, 5);
        GradCheck.check(block(s, kind, true), GradCheck.randn(8, shape(kind)), false);
    }
}
