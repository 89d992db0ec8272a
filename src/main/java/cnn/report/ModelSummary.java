package cnn.report;

import cnn.spec.Node;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What `cnn summarize` reports: per-layer shapes, parameters, MACs and activation memory, and totals
 * including an estimate of training memory at a batch size, computed the cs231n way: weights, their
 * gradients and the optimizer's state, plus every layer's output and its gradient for each example.
 * Memory assumes float32 (4 bytes per number).
 */
@JsonPropertyOrder({"model", "source", "input", "classes", "params", "trainable_params", "buffers", "macs", "flops",
    "param_bytes", "activation_bytes_per_image", "batch", "optimizer", "training_bytes", "layers"})
public record ModelSummary(String model, String source, List<Integer> input, int classes, long params,
        long trainableParams, long buffers, long macs, long flops, long paramBytes, long activationBytesPerImage,
        int batch, String optimizer, long trainingBytes, List<Row> layers) {

    static final int BYTES = Float.BYTES;

    /** One layer; containers (blocks, stages, sequentials) carry their subtree's totals. */
    @JsonPropertyOrder({"path", "type", "depth", "output", "params", "macs", "flops", "activation_bytes"})
    public record Row(String path, String type, int depth, String output, long params, long macs, long flops,
            long activationBytes) {}

    /** The optimizer whose per-parameter state the training estimate includes. */
    public enum OptimizerState {
        NONE(0), SGD(1), ADAM(2);

        final int slots;

        OptimizerState(int slots) {
            this.slots = slots;
        }
    }

    public static ModelSummary of(Node root, String source, int batch, OptimizerState optimizer) {
        List<Integer> input = List.of(root.in().c(), root.in().h(), root.in().w());
        int classes = root.out().c();
        List<Row> rows = new ArrayList<>();
        for (Node n : root.flatten()) {
            if (n != root) {
                rows.add(new Row(n.path(), n.type(), n.depth(), n.out().toString(), n.params(), n.macs(), 2 * n.macs(),
                        n.activations() * BYTES));
            }
        }
        long inputElements = root.in().elements();
        long actBytes = (root.activations() + inputElements) * BYTES;
        long paramBytes = (root.params() + root.buffers()) * BYTES;
        long training = root.params() * BYTES * (2L + optimizer.slots) + root.buffers() * BYTES
                + (long) batch * 2 * actBytes;
        return new ModelSummary(root.name(), source, input, classes, root.params(), root.params(), root.buffers(),
                root.macs(), 2 * root.macs(), paramBytes, actBytes, batch, optimizer.name().toLowerCase(), training,
                List.copyOf(rows));
    }
}
