package cnn.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation over (N, H, W) per channel, PyTorch {@code nn.BatchNorm2d} semantics
 * (Ioffe and Szegedy, arXiv:1502.03167).
 *
 * <p>Training: normalise with the batch mean and the <b>biased</b> batch variance, and update
 * {@code running = (1 - momentum) * running + momentum * batch} with the <b>unbiased</b> variance for
 * {@code running_var}; the gradient flows through the batch statistics. Eval: normalise with the running
 * statistics, which are constants for the gradient. Parameters {@code path.weight} (init 1) and
 * {@code path.bias} (0); buffers {@code path.running_mean} (0) and {@code path.running_var} (1).
 *
 * <p>Both passes are written here from channel sums ({@link Ops#channelSums}, a matrix-vector product) and
 * per-channel broadcasts into two shared scratch arrays. Measured on [128,16,32,32] floats, one core: libnd4j's
 * {@code moments} takes 3.1 ms and its {@code batchnorm} 3.5 ms (oneDNN's non-JIT kernel for NCHW), a channel sum
 * 0.3-1.6 ms and an out-of-place broadcast 0.8 ms. libnd4j's {@code batchnorm_bp} is inexact in float64 (dx off
 * by 2e-9 relative) and takes 16 ms. With {@code xc = x - mean}, {@code r = 1/sqrt(var + eps)},
 * {@code M = N*H*W}: {@code dbias = sum dy}, {@code dweight = r * sum(dy * xc)}, and
 * {@code dx = weight * r * (dy - dbias/M - xc * r * dweight/M)} in training, {@code weight * r * dy} in eval.
 */
public final class BatchNorm2d implements Layer {

    private final int channels;
    private final double eps;
    private final double momentum;
    private final Param weight;
    private final Param bias;
    private final INDArray runningMean;
    private final INDArray runningVar;
    private final INDArray batchMean;
    private final INDArray batchVar;
    private final INDArray batchMean4;
    private final INDArray runningMean4;
    // per-channel scratch, each also as a [1, 1, 1, C] view for broadcasting
    private final INDArray rstd;
    private final INDArray factor;
    private final INDArray factor4;

    private final INDArray bias4;

    private INDArray x;
    private INDArray y;
    private INDArray dx;
    private boolean training;
    private Conv2d foldedInto;
    private boolean skipped; // the last forward was eval mode with this folded into the convolution

    public BatchNorm2d(ParamStore s, String path, int channels, double eps, double momentum) {
        if (channels <= 0 || eps <= 0 || momentum < 0 || momentum > 1) {
            throw new IllegalArgumentException(path + ": need channels > 0, eps > 0, 0 <= momentum <= 1");
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = s.param(ParamStore.join(path, "weight"), channels);
        this.bias = s.param(ParamStore.join(path, "bias"), channels);
        this.runningMean = s.buffer(ParamStore.join(path, "running_mean"), channels);
        this.runningVar = s.buffer(ParamStore.join(path, "running_var"), channels);
        weight.value().assign(1);
        bias.value().assign(0);
        runningMean.assign(0);
        runningVar.assign(1);
        this.batchMean = Nd4j.createUninitialized(s.dtype(), channels);
        this.batchVar = Nd4j.createUninitialized(s.dtype(), channels);
        this.batchMean4 = Ops.view(batchMean, 0, 1, 1, 1, channels);
        this.runningMean4 = Ops.view(runningMean, 0, 1, 1, 1, channels);
        this.rstd = Nd4j.createUninitialized(s.dtype(), channels);
        this.factor = Nd4j.createUninitialized(s.dtype(), channels);
        this.factor4 = Ops.view(factor, 0, 1, 1, 1, channels);
        this.bias4 = Ops.view(bias.value(), 0, 1, 1, 1, channels);
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect("BatchNorm2d", x, batchMean.dataType(), -1, -1, -1, channels);
        this.x = x;
        this.training = training;
        skipped = !training && foldedInto != null && foldedInto.foldedLast();
        if (skipped) {
            return x; // the convolution before applied this batch norm already
        }
        y = Ops.reuse(y, x.dataType(), x.shape());
        // Every broadcast writes a different array than it reads: libnd4j's in-place broadcasts took 1.4-2.1 ms on
        // [128,16,32,32] against 0.75-0.8 ms out of place.
        INDArray a = Scratch.get(0, x.dataType(), x.shape());
        INDArray b = Scratch.get(1, x.dataType(), x.shape());
        if (training) {
            long m = x.length() / channels;
            if (m < 2) {
                throw new IllegalArgumentException("BatchNorm2d: training needs more than one value per channel");
            }
            Ops.channelSums(x, batchMean);
            batchMean.muli(1.0 / m);
            Ops.broadcast("subtract", x, batchMean4, a); // x - mean
            Ops.broadcast("multiply", a, a, y);
            Ops.channelSums(y, batchVar);
            batchVar.muli(1.0 / m); // biased, for normalising
            runningMean.muli(1 - momentum);
            Nd4j.getBlasWrapper().level1().axpy(channels, momentum, batchMean, runningMean);
            runningVar.muli(1 - momentum);
            Nd4j.getBlasWrapper().level1().axpy(channels, momentum * m / (m - 1), batchVar, runningVar);
        } else {
            Ops.broadcast("subtract", x, runningMean4, a);
        }
        rstd.assign(variance()).addi(eps);
        Nd4j.exec(new RSqrt(rstd, rstd));
        factor.assign(rstd).muli(weight.value());
        Ops.broadcast("multiply", a, factor4, b);
        Ops.broadcast("add", b, bias4, y);
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        INDArray x = this.x;
        if (skipped) {
            x = foldedInto.unfoldedOutput();
            rstd.assign(runningVar).addi(eps);
            Nd4j.exec(new RSqrt(rstd, rstd));
        }
        INDArray dWeight = weight.grad();
        INDArray dBias = bias.grad();
        dx = Ops.reuse(dx, x.dataType(), x.shape()); // here, not in forward: inference never needs it
        INDArray a = Scratch.get(0, x.dataType(), x.shape());
        INDArray b = Scratch.get(1, x.dataType(), x.shape());
        Ops.channelSums(dy, dBias);
        Ops.broadcast("subtract", x, training ? batchMean4 : runningMean4, a); // xc
        Ops.broadcast("multiply", dy, a, b);
        Ops.channelSums(b, dWeight);
        dWeight.muli(rstd);
        if (training) {
            double m = x.length() / channels;
            factor.assign(rstd).muli(dWeight).muli(-1 / m);
            Ops.broadcast("multiply", a, factor4, b);
            b.add(dy, a);
            factor.assign(dBias).muli(-1 / m);
            Ops.broadcast("add", a, factor4, b);
            factor.assign(rstd).muli(weight.value());
            Ops.broadcast("multiply", b, factor4, dx);
        } else {
            factor.assign(rstd).muli(weight.value());
            Ops.broadcast("multiply", dy, factor4, dx);
        }
        return dx;
    }

    /** Eval mode as {@code y = x * scale + shift} per channel: {@code scale = gamma / sqrt(running_var + eps)}. */
    void evalAffine(INDArray scale, INDArray shift) {
        scale.assign(runningVar).addi(eps);
        Nd4j.exec(new RSqrt(scale, scale));
        scale.muli(weight.value());
        shift.assign(runningMean).muli(scale).rsubi(bias.value());
    }

    /** In eval mode this batch norm is computed by the convolution before it ({@link Conv2d#fold}). */
    void foldedInto(Conv2d conv) {
        this.foldedInto = conv;
    }

    private INDArray mean() {
        return training ? batchMean : runningMean;
    }

    private INDArray variance() {
        return training ? batchVar : runningVar;
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }
}
