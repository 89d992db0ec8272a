package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnn.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network on two threads computes what two single-threaded networks compute on the two parts of the batch: the
 * same logits row for row, the sum of their parameter gradients, their input gradients, and the mean of their
 * running-statistics updates; in eval mode the same logits as one network over the whole batch.
 */
class DataParallelTest {
    private static final double TOL = 1e-10; // float64: the same kernels on the same numbers, summed in another order

    @ParameterizedTest
    @CsvSource({"resnet20_cifar, 7", "lenet5_mnist, 6", "mobilenet_v1_cifar, 5"}) // no dropout: masks differ by part
    void twoThreadsEqualTheTwoPartsRunAlone(String model, int batch) {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        Zoo.Resolved r = Zoo.resolve(model, null, null);
        Network par = Network.build(r.root(), Precision.FLOAT64, 3, r.spec().init());
        assertEquals(2, par.useThreads(2));
        Network a = Network.build(r.root(), Precision.FLOAT64, 3, r.spec().init());
        Network b = Network.build(r.root(), Precision.FLOAT64, 3, r.spec().init());
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.DOUBLE, r.root().in().batchDims(batch));
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = (i * 7) % r.spec().classes();
        }
        long cut = batch / 2;

        INDArray logits = par.forward(x, true).dup();
        INDArray la = a.forward(Ops.slice(x, 0, 0, cut), true).dup();
        INDArray lb = b.forward(Ops.slice(x, 0, cut, batch), true).dup();
        close("logits, first part", la, Ops.slice(logits, 0, 0, cut));
        close("logits, second part", lb, Ops.slice(logits, 0, cut, batch));
        if (par.store().buffers().length() > 0) {
            INDArray meanBuffers = a.store().buffers().add(b.store().buffers()).muli(0.5);
            close("running statistics", meanBuffers, par.store().buffers());
        }

        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.1);
        loss.forward(logits, labels);
        INDArray dLogits = loss.backward().dup();
        INDArray dx = par.backward(dLogits, true).dup();
        INDArray dxa = a.backward(Ops.slice(dLogits, 0, 0, cut), true).dup();
        INDArray dxb = b.backward(Ops.slice(dLogits, 0, cut, batch), true);
        close("input gradient, first part", dxa, Ops.slice(dx, 0, 0, cut));
        close("input gradient, second part", dxb, Ops.slice(dx, 0, cut, batch));
        close("parameter gradients", a.store().grads().add(b.store().grads()), par.store().grads());
        assertTrue(par.store().grads().norm2Number().doubleValue() > 0);
        assertNull(par.backward(dLogits, false), "no input gradient when not asked");

        // eval mode: the whole batch through one network with the same parameters and statistics
        Network whole = Network.build(r.root(), Precision.FLOAT64, 3, r.spec().init());
        whole.store().params().assign(par.store().params());
        whole.store().buffers().assign(par.store().buffers());
        close("eval logits", whole.forward(x, false), par.forward(x, false));
    }

    /** After an optimizer step on the first network's parameters the replicas see the new values. */
    @Test
    void replicasFollowParameterUpdatesAndSmallBatchesRunWhole() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        Zoo.Resolved r = Zoo.resolve("lenet5_mnist", null, null);
        Network par = Network.build(r.root(), Precision.FLOAT64, 5, r.spec().init());
        par.useThreads(2);
        Network one = Network.build(r.root(), Precision.FLOAT64, 5, r.spec().init());
        INDArray x = Nd4j.rand(DataType.DOUBLE, r.root().in().batchDims(4));
        par.forward(x, true);
        par.store().params().muli(0.5);
        one.store().params().muli(0.5);
        close("logits after an update", one.forward(x, true), par.forward(x, true));
        INDArray single = Ops.slice(x, 0, 0, 1);
        INDArray l = par.forward(single, true);
        assertArrayEquals(new long[] {1, 10}, l.shape());
        close("a batch of one runs whole", one.forward(single, true), l);
    }

    /** Each part draws its own dropout masks: two copies of one image get different training logits. */
    @Test
    void partsDrawTheirOwnDropoutMasks() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        Zoo.Resolved r = Zoo.resolve("alexnet_cifar", null, null);
        Network par = Network.build(r.root(), Precision.FLOAT64, 5, r.spec().init());
        par.useThreads(2);
        INDArray one = Nd4j.rand(DataType.DOUBLE, r.root().in().batchDims(1));
        INDArray x = Nd4j.concat(0, one, one);
        INDArray train = par.forward(x, true);
        assertTrue(Ops.slice(train, 0, 0, 1).sub(Ops.slice(train, 0, 1, 2)).amaxNumber().doubleValue() > 1e-6,
                "the two parts used the same dropout mask");
        INDArray eval = par.forward(x, false);
        close("eval: no dropout", Ops.slice(eval, 0, 0, 1), Ops.slice(eval, 0, 1, 2));
        long[] calls = par.dropoutCalls();
        assertTrue(calls.length > 0 && calls[0] == 1, "one training forward counted once");
    }

    private static void close(String what, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-30);
        double err = expected.sub(actual).amaxNumber().doubleValue() / scale;
        assertTrue(err <= TOL, what + ": max|diff|/max|ref| = " + err);
    }
}
