package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float32 backend training runs on: convolutions through oneDNN and libnd4j ({@link CpuConvolution}), matrix
 * products through libnd4j's {@code matmul} ({@link Ops#gemm}), and the per-channel and elementwise passes as
 * Vector-API loops ({@link Kernels}).
 */
final class CpuBackend implements Backend {
    static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override
    public Convolution convolution(Convolution.Geometry g) {
        return new CpuConvolution(g);
    }

    @Override
    public void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {
        Ops.gemm(a, b, c, transA, transB);
    }

    @Override
    public void sumDeviations(INDArray x, int channels, double[] centre, boolean squared, double[] out) {
        Kernels.sumDeviations(x, channels, centre, squared, out);
    }

    @Override
    public void sumProducts(INDArray dy, INDArray x, int channels, double[] centre, double[] sums, double[] products) {
        Kernels.sumProducts(dy, x, channels, centre, sums, products);
    }

    @Override
    public void affine(INDArray u, int channels, double[] centre, double[] scale, double[] shift, INDArray v,
            double[] vScale, boolean relu, INDArray out) {
        Kernels.affine(u, channels, centre, scale, shift, v, vScale, relu, out);
    }

    @Override
    public void reluBackward(INDArray y, INDArray dy, INDArray dx) {
        Kernels.reluBackward(y, dy, dx);
    }

    @Override
    public void tanhBackward(INDArray y, INDArray dy, INDArray dx) {
        Kernels.tanhBackward(y, dy, dx);
    }

    @Override
    public void read(INDArray a, double[] out) {
        Kernels.read(a, out);
    }

    @Override
    public void write(double[] in, INDArray a) {
        Kernels.write(in, a);
    }
}
