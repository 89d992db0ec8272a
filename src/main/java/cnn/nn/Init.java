package cnn.nn;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initial values for conv and linear parameters. Each tensor draws from {@link ParamStore#rng} of its
 * own path, so values do not depend on construction order.
 *
 * <ul>
 *   <li>{@link #PYTORCH_DEFAULT}: what {@code torch.nn.Conv2d}/{@code Linear.reset_parameters} do,
 *       {@code kaiming_uniform_(a=sqrt(5))}, i.e. weight ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) and the bias
 *       with the same bound; fan_in = in/groups * kh * kw (in for Linear).</li>
 *   <li>{@link #KAIMING_NORMAL}: torchvision ResNet/VGG/MobileNetV2 for conv,
 *       {@code kaiming_normal_(w, mode="fan_out", nonlinearity="relu")}: weight ~ N(0, 2/fan_out) with
 *       fan_out = weight.size(0) * kh * kw = out * kh * kw (PyTorch does not divide by groups), bias 0.
 *       Linear layers keep the PyTorch default (torchvision's VGG and MobileNetV2 use N(0, 0.01) for
 *       Linear instead; that is a model choice, not an init kind here).</li>
 * </ul>
 * BatchNorm is always weight 1, bias 0, running_mean 0, running_var 1 (see {@link BatchNorm2d}).
 */
public enum Init {
    PYTORCH_DEFAULT,
    KAIMING_NORMAL;

    /** Conv weight {@code [out, in/groups, kh, kw]}, bias {@code [out]} or null. */
    void conv(ParamStore s, Param weight, Param bias) {
        long[] w = weight.value().shape();
        long receptive = w[2] * w[3];
        if (this == KAIMING_NORMAL) {
            SplittableRandom r = s.rng(weight.path());
            double std = Math.sqrt(2.0 / (w[0] * receptive));
            fill(weight.value(), () -> std * r.nextGaussian());
        } else {
            uniform(s, weight, bias, w[1] * receptive);
        }
    }

    /** Linear weight {@code [out, in]}, bias {@code [out]} or null: PyTorch default for every kind. */
    void linear(ParamStore s, Param weight, Param bias) {
        uniform(s, weight, bias, weight.value().size(1));
    }

    private static void uniform(ParamStore s, Param weight, Param bias, long fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        for (Param p : new Param[] {weight, bias}) {
            if (p != null) {
                SplittableRandom r = s.rng(p.path());
                fill(p.value(), () -> r.nextDouble(-bound, bound));
            }
        }
    }

    private static void fill(INDArray a, DoubleSupplier values) {
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.getAsDouble();
        }
        a.assign(Nd4j.create(v, a.shape(), DataType.DOUBLE).castTo(a.dataType()));
    }
}
