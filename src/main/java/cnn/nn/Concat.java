package cnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Branches applied to the same input, outputs concatenated along channels (GoogLeNet's Inception module,
 * Szegedy et al., arXiv:1409.4842); dL/dx is the sum of the branches' input gradients.
 *
 * <p>Backward copies each branch's slice of dy into a contiguous buffer (one pass over dy) so branches
 * never see a strided view as their upstream gradient.
 */
public final class Concat implements Layer {
    private final List<Layer> branches;
    private final List<Param> params;
    private final INDArray[] outs;
    private final INDArray[] dxBranch;
    private INDArray y;
    private INDArray[] ySlices;
    private INDArray[] dySlices;
    private INDArray[] dyBranch;
    private INDArray dyOf;
    private INDArray dx;

    public Concat(List<Layer> branches) {
        if (branches.isEmpty()) {
            throw new IllegalArgumentException("Concat needs at least one branch");
        }
        this.branches = List.copyOf(branches);
        List<Param> p = new ArrayList<>();
        for (Layer b : this.branches) {
            p.addAll(b.params());
        }
        this.params = List.copyOf(p);
        this.outs = new INDArray[branches.size()];
        this.dxBranch = new INDArray[branches.size()];
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        boolean fresh = y == null;
        for (int i = 0; i < outs.length; i++) {
            INDArray o = branches.get(i).forward(x, training);
            INDArray first = i == 0 ? o : outs[0];
            if (o.rank() != 4 || o.size(0) != first.size(0) || o.size(1) != first.size(1)
                    || o.size(2) != first.size(2) || o.dataType() != first.dataType()) {
                throw new IllegalArgumentException("Concat: branch " + i + " gives " + Arrays.toString(o.shape())
                        + " " + o.dataType() + ", branch 0 " + Arrays.toString(first.shape()) + " " + first.dataType());
            }
            fresh |= !Ops.sameLayout(o, outs[i]);
            outs[i] = o;
        }
        if (fresh) {
            allocate();
        }
        for (int i = 0; i < outs.length; i++) {
            ySlices[i].assign(outs[i]);
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (dy != dyOf) {
            dyOf = dy;
            dySlices = slices(dy);
        }
        for (int i = 0; i < outs.length; i++) {
            dyBranch[i].assign(dySlices[i]);
            dxBranch[i] = branches.get(i).backward(dyBranch[i]);
        }
        if (outs.length == 1) {
            return dxBranch[0];
        }
        dx = Ops.reuse(dx, dxBranch[0].dataType(), dxBranch[0].shape());
        dxBranch[0].add(dxBranch[1], dx);
        for (int i = 2; i < outs.length; i++) {
            dx.addi(dxBranch[i]);
        }
        return dx;
    }

    @Override
    public List<Param> params() {
        return params;
    }

    private void allocate() {
        long c = 0;
        dyBranch = new INDArray[outs.length];
        for (int i = 0; i < outs.length; i++) {
            c += outs[i].size(3);
            dyBranch[i] = Nd4j.createUninitialized(outs[i].dataType(), outs[i].shape());
        }
        y = Nd4j.createUninitialized(outs[0].dataType(), outs[0].size(0), outs[0].size(1), outs[0].size(2), c);
        ySlices = slices(y);
        dyOf = null;
    }

    private INDArray[] slices(INDArray a) {
        INDArray[] s = new INDArray[outs.length];
        long from = 0;
        for (int i = 0; i < outs.length; i++) {
            s[i] = Ops.slice(a, 3, from, from + outs[i].size(3));
            from += outs[i].size(3);
        }
        return s;
    }
}
