package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every backward path of the float32 {@link CpuConvolution} gives what the fused {@code conv2d_bp} gives (which
 * OpGoldenTest and GradCheckTest hold against PyTorch and finite differences), and the float64
 * {@link ScalarConvolution} gives what libnd4j's {@code conv2d_bp} gives group by group, with and without the input
 * gradient.
 */
class ConvBackwardTest {
    /** in, out, kernel, stride, pad, groups, bias, input N C H W. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(3, 4, 3, 1, 1, 1, true, new long[] {2, 3, 6, 5}),
                Arguments.of(4, 6, 3, 2, 1, 1, false, new long[] {3, 4, 7, 7}),
                Arguments.of(4, 6, 3, 2, 1, 1, true, new long[] {2, 4, 8, 6}),
                Arguments.of(1, 6, 5, 1, 2, 1, true, new long[] {4, 1, 12, 12}),
                Arguments.of(1, 7, 4, 1, 3, 1, true, new long[] {3, 1, 28, 17}),
                Arguments.of(1, 5, 3, 2, 1, 1, false, new long[] {2, 1, 9, 11}),
                Arguments.of(6, 8, 1, 1, 0, 1, false, new long[] {2, 6, 4, 4}),
                Arguments.of(6, 8, 1, 2, 0, 1, false, new long[] {2, 6, 5, 5}),
                Arguments.of(8, 8, 3, 1, 1, 4, true, new long[] {2, 8, 5, 4}),
                Arguments.of(12, 6, 3, 2, 1, 3, false, new long[] {3, 12, 9, 7}),
                Arguments.of(8, 16, 1, 1, 0, 4, true, new long[] {2, 8, 5, 5}),
                Arguments.of(16, 16, 3, 1, 1, 1, false, new long[] {8, 16, 4, 4}),
                Arguments.of(5, 7, 1, 1, 0, 1, true, new long[] {3, 5, 14, 15}),
                Arguments.of(4, 3, 1, 1, 0, 1, false, new long[] {2, 4, 16, 16}));
    }

    /** The paths through oneDNN's own API must not silently fall back where the build ships it (the CI machine). */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void oneDnnIsLoadedOnLinuxX86() {
        assertTrue(OneDnn.AVAILABLE, "the dnnl preset did not load: the ONEDNN path is off");
        assertFalse(Backend.of(DataType.DOUBLE) instanceof CpuBackend, "float64 is the scalar backend's");
    }

    /**
     * One layer's oneDNN primitives follow its input shape: batches of 4, 3, 4 again, then enough others to evict
     * shapes from its cache and make them anew (3 last), each against libnd4j's ops.
     */
    @Test
    void oneDnnPrimitivesFollowTheInputShape() {
        ParamStore store = new ParamStore(DataType.FLOAT, 5 * 3 * 3 * 3 + 5, 0, 3);
        Conv2d conv = new Conv2d(store, "c", 3, 5, 3, 3, 1, 1, 1, 1, 1, true, Init.PYTORCH_DEFAULT)
                .forceBackward(CpuConvolution.Path.ONEDNN);
        INDArray w = store.paramsByPath().get("c.weight").value();
        INDArray b = store.paramsByPath().get("c.bias").value();
        int[] args = {3, 3, 1, 1, 1, 1, 1, 1, 0, 1, 1};
        for (long n : new long[] {4, 3, 4, 5, 6, 7, 8, 3}) {
            Nd4j.getRandom().setSeed(n);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, 9, 7, 3).subi(0.5); // channels-last, as the layer takes it
            INDArray y = conv.forward(x, true).dup();
            INDArray want = Nd4j.create(DataType.FLOAT, n, 9, 7, 5);
            Ops.exec("conv2d", new INDArray[] {x, w, b}, new INDArray[] {want}, args);
            assertClose("batch " + n + " forward", want, y, 1e-5);
            INDArray dy = Nd4j.rand(DataType.FLOAT, n, 9, 7, 5).subi(0.5);
            INDArray dx = conv.backward(dy, true).dup();
            INDArray[] ref = {x.ulike(), w.ulike(), b.ulike()};
            Ops.exec("conv2d_bp", new INDArray[] {x, w, b, dy}, ref, args);
            assertClose("batch " + n + " dx", ref[0], dx, 1e-5);
            assertClose("batch " + n + " dW", ref[1], store.paramsByPath().get("c.weight").grad(), 1e-5);
            assertClose("batch " + n + " db", ref[2], store.paramsByPath().get("c.bias").grad(), 1e-5);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void everyPathMatchesTheFusedOp(int in, int out, int k, int s, int p, int groups, boolean bias, long[] shape) {
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
        INDArray[] ref = run(CpuConvolution.Path.FUSED, in, out, k, s, p, groups, bias, x, true);
        forwardByConv2d(in, out, k, s, p, groups, bias, x);
        for (CpuConvolution.Path path : CpuConvolution.Path.values()) {
            for (boolean needDx : new boolean[] {true, false}) {
                INDArray[] got = run(path, in, out, k, s, p, groups, bias, x, needDx);
                for (int i = 1; i < ref.length; i++) {
                    assertClose(path + " FLOAT grad " + i, ref[i], got[i], 1e-5);
                }
                if (needDx) {
                    assertClose(path + " FLOAT dx", ref[0], got[0], 1e-5);
                } else {
                    assertNull(got[0]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void scalarFloat64MatchesLibnd4j(int in, int out, int k, int s, int p, int groups, boolean bias, long[] shape) {
        INDArray x = Nd4j.rand(DataType.DOUBLE, shape).subi(0.5);
        forwardByConv2d(in, out, k, s, p, groups, bias, x);
        INDArray[] ref = backwardByConv2dBp(in, out, k, s, p, groups, bias, x);
        for (boolean needDx : new boolean[] {true, false}) {
            INDArray[] got = run(null, in, out, k, s, p, groups, bias, x, needDx);
            for (int i = 1; i < ref.length; i++) {
                assertClose("DOUBLE grad " + i, ref[i], got[i], 1e-12);
            }
            if (needDx) {
                assertClose("DOUBLE dx", ref[0], got[0], 1e-12);
            } else {
                assertNull(got[0]);
            }
        }
    }

    /**
     * dx, dW, [db] from libnd4j's conv2d_bp per group on contiguous NCHW copies, for the weights and output gradient
     * {@link #run} uses.
     */
    private static INDArray[] backwardByConv2dBp(int in, int out, int k, int s, int p, int groups, boolean bias,
            INDArray x) {
        ParamStore store = new ParamStore(x.dataType(), (long) out * in / groups * k * k + (bias ? out : 0), 0, 3);
        Conv2d c = new Conv2d(store, "c", in, out, k, k, s, s, p, p, groups, bias, Init.PYTORCH_DEFAULT);
        INDArray y = new ChannelsLast(c).forward(x, true);
        Nd4j.getRandom().setSeed(5);
        INDArray dy = Nd4j.rand(x.dataType(), y.shape()).subi(0.5);
        INDArray w = store.paramsByPath().get("c.weight").value();
        INDArray b = bias ? store.paramsByPath().get("c.bias").value() : null;
        INDArray dx = x.ulike();
        INDArray dw = w.ulike();
        INDArray db = bias ? b.ulike() : null;
        long ci = in / groups;
        long co = out / groups;
        for (int g = 0; g < groups; g++) {
            INDArray xg = Ops.slice(x, 1, g * ci, (g + 1) * ci).dup('c');
            INDArray wg = Ops.slice(w, 0, g * co, (g + 1) * co).dup('c');
            INDArray dyg = Ops.slice(dy, 1, g * co, (g + 1) * co).dup('c');
            INDArray bg = b == null ? null : Ops.slice(b, 0, g * co, (g + 1) * co).dup('c');
            INDArray[] outs = {xg.ulike(), wg.ulike(), bg == null ? null : bg.ulike()};
            Ops.exec("conv2d_bp", new INDArray[] {xg, wg, bg, dyg}, bg == null ? new INDArray[] {outs[0], outs[1]} : outs,
                    new int[] {k, k, s, s, p, p, 1, 1, 0, 0, 1});
            Ops.slice(dx, 1, g * ci, (g + 1) * ci).assign(outs[0]);
            Ops.slice(dw, 0, g * co, (g + 1) * co).assign(outs[1]);
            if (bg != null) {
                Ops.slice(db, 0, g * co, (g + 1) * co).assign(outs[2]);
            }
        }
        return bias ? new INDArray[] {dx, dw, db} : new INDArray[] {dx, dw};
    }

    /** The output of libnd4j's conv2d op with the layer's weights (the pointwise gemm forward must match it). */
    private static INDArray forwardByConv2d(int in, int out, int k, int s, int p, int groups, boolean bias, INDArray x) {
        ParamStore store = new ParamStore(x.dataType(), (long) out * in / groups * k * k + (bias ? out : 0), 0, 3);
        Conv2d c = new Conv2d(store, "c", in, out, k, k, s, s, p, p, groups, bias, Init.PYTORCH_DEFAULT);
        INDArray y = new ChannelsLast(c).forward(x, true).dup();
        if (groups == 1 || groups != in) {
            // libnd4j's conv2d per group, on contiguous copies of the group's channels (NCHW here)
            INDArray want = Nd4j.create(x.dataType(), y.shape());
            INDArray w = store.paramsByPath().get("c.weight").value();
            INDArray b = bias ? store.paramsByPath().get("c.bias").value() : null;
            long ci = in / groups;
            long co = out / groups;
            for (int g = 0; g < groups; g++) {
                INDArray xg = Ops.slice(x, 1, g * ci, (g + 1) * ci).dup('c');
                INDArray wg = Ops.slice(w, 0, g * co, (g + 1) * co).dup('c');
                INDArray bg = b == null ? null : Ops.slice(b, 0, g * co, (g + 1) * co).dup('c');
                INDArray yg = Nd4j.create(x.dataType(), y.size(0), co, y.size(2), y.size(3));
                Ops.exec("conv2d", new INDArray[] {xg, wg, bg}, new INDArray[] {yg},
                        new int[] {k, k, s, s, p, p, 1, 1, 0, 0, 1});
                Ops.slice(want, 1, g * co, (g + 1) * co).assign(yg);
            }
            assertClose("forward vs conv2d", want, y, x.dataType() == DataType.FLOAT ? 1e-5 : 1e-12);
        }
        return y;
    }

    /**
     * dx (or null), dW, [db] after forward and backward with the CPU convolution's path forced (if it applies to the
     * shape); a null path for the data type's own backend.
     */
    private static INDArray[] run(CpuConvolution.Path path, int in, int out, int k, int s, int p, int groups, boolean bias,
            INDArray x, boolean needDx) {
        ParamStore store = new ParamStore(x.dataType(), (long) out * in / groups * k * k + (bias ? out : 0), 0, 3);
        Conv2d conv = new Conv2d(store, "c", in, out, k, k, s, s, p, p, groups, bias, Init.PYTORCH_DEFAULT);
        Layer c = new ChannelsLast(path == null ? conv : conv.forceBackward(path));
        INDArray y = c.forward(x, true);
        Nd4j.getRandom().setSeed(5);
        INDArray dy = Nd4j.rand(x.dataType(), y.shape()).subi(0.5);
        INDArray dx = c.backward(dy, needDx);
        INDArray[] r = new INDArray[bias ? 3 : 2];
        r[0] = dx == null ? null : dx.dup();
        r[1] = store.paramsByPath().get("c.weight").grad().dup();
        if (bias) {
            r[2] = store.paramsByPath().get("c.bias").grad().dup();
        }
        return r;
    }

    private static void assertClose(String what, INDArray want, INDArray got, double tol) {
        double scale = Math.max(want.amaxNumber().doubleValue(), 1e-30);
        double err = want.sub(got).amaxNumber().doubleValue() / scale;
        assertTrue(err <= tol, what + ": relative error " + err);
    }
}
