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
 * <p>Both passes are two passes over the map each ({@link Backend}): forward the channel statistics, then
 * {@code y = (x - mean) * r * weight + bias} with {@code r = 1/sqrt(var + eps)}; backward {@code dbias = sum dy} and
 * {@code S = sum dy * (x - mean)}, then with {@code M = N*H*W}, {@code dweight = r * S} and
 * {@code dx = weight * r * (dy - dbias/M - (x - mean) * r * dweight/M)} in training, {@code weight * r * dy} in eval.
 * The batch variance is summed about the batch mean (two reads of x), not as E[x^2] - mean^2, which cancels in
 * float. libnd4j's ops were slower: {@code moments} 3.1 ms and {@code batchnorm_bp} 20 ms on [128,32,32,16]
 * floats, one core, against about 0.5 ms for each pass pair here; {@code batchnorm_bp} is also inexact in float64.
 */
public final class BatchNorm2d implements Layer {

    private final int channels;
    private final double eps;
    private final double momentum;
    private final Param weight;
    private final Param bias;
    private final INDArray runningMean;
    private final INDArray runningVar;
    // per channel: the centre (batch or running mean) and 1/sqrt(var + eps) of the last forward, and scratch
    private final double[] centre;
    private final double[] rstd;
    private final double[] gamma;
    private final double[] beta;
    private final double[] sums;
    private final double[] products;

    private final Backend backend;
    private INDArray x;
    private INDArray y;
    private INDArray dx;
    private boolean training;

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
        this.centre = new double[channels];
        this.rstd = new double[channels];
        this.gamma = new double[channels];
        this.beta = new double[channels];
        this.sums = new double[channels];
        this.products = new double[channels];
        this.backend = Backend.of(s.dtype());
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect("BatchNorm2d", x, runningMean.dataType(), -1, -1, -1, channels);
        this.x = x;
        this.training = training;
        y = Ops.reuse(y, x.dataType(), x.shape());
        if (training) {
            long m = x.length() / channels;
            if (m < 2) {
                throw new IllegalArgumentException("BatchNorm2d: training needs more than one value per channel");
            }
            double[] var = products;
            backend.sumDeviations(x, channels, null, false, centre);
            for (int c = 0; c < channels; c++) {
                centre[c] /= m;
            }
            backend.sumDeviations(x, channels, centre, true, var);
            backend.read(runningMean, sums);
            for (int c = 0; c < channels; c++) {
                var[c] /= m; // biased, for normalising
                sums[c] = (1 - momentum) * sums[c] + momentum * centre[c];
            }
            backend.write(sums, runningMean);
            backend.read(runningVar, sums);
            for (int c = 0; c < channels; c++) {
                sums[c] = (1 - momentum) * sums[c] + momentum * var[c] * m / (m - 1);
                rstd[c] = 1 / Math.sqrt(var[c] + eps);
            }
            backend.write(sums, runningVar);
        } else {
            runningStatistics();
        }
        backend.read(weight.value(), gamma);
        backend.read(bias.value(), beta);
        for (int c = 0; c < channels; c++) {
            gamma[c] *= rstd[c];
        }
        backend.affine(x, channels, centre, gamma, beta, null, null, false, y);
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        dx = Ops.reuse(dx, x.dataType(), x.shape()); // here, not in forward: inference never needs it
        backend.sumProducts(dy, x, channels, centre, sums, products);
        backend.write(sums, bias.grad());
        backend.read(weight.value(), gamma);
        double m = x.length() / channels;
        for (int c = 0; c < channels; c++) {
            products[c] *= rstd[c]; // dweight
            gamma[c] *= rstd[c];    // the factor of dy
            beta[c] = training ? -gamma[c] * rstd[c] * products[c] / m : 0; // the factor of x - mean
            sums[c] = training ? -gamma[c] * sums[c] / m : 0;               // the constant
        }
        backend.write(products, weight.grad());
        backend.affine(x, channels, centre, beta, sums, dy, gamma, false, dx);
        return dx;
    }

    /** The running mean as centre and the running variance's {@code 1/sqrt(var + eps)}. */
    private void runningStatistics() {
        backend.read(runningMean, centre);
        backend.read(runningVar, rstd);
        for (int c = 0; c < channels; c++) {
            rstd[c] = 1 / Math.sqrt(rstd[c] + eps);
        }
    }

    /** Eval mode as {@code y = x * scale + shift} per channel: {@code scale = gamma / sqrt(running_var + eps)}. */
    void evalAffine(INDArray scale, INDArray shift) {
        scale.assign(runningVar).addi(eps);
        Nd4j.exec(new RSqrt(scale, scale));
        scale.muli(weight.value());
        shift.assign(runningMean).muli(scale).rsubi(bias.value());
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }
}
