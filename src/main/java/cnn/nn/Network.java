package cnn.nn;

import cnn.spec.LayerSpec;
import cnn.spec.ModelSpec;
import cnn.spec.Node;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A resolved spec built into layers over one flat parameter buffer, one flat gradient buffer and one flat
 * buffer of batch-norm statistics. Parameter paths are the spec's layer paths (`layer1.0.conv1.weight`),
 * in the order of the spec, which for models mirroring torchvision is its state_dict order. Input and input
 * gradient are {@code [N, C, H, W]}; inside, maps are channels-last ({@link ChannelsLast}).
 */
public final class Network {
    private final Node spec;
    private final Layer root;
    private final ChannelsLast edge;
    private final ParamStore store;
    private final List<Dropout> dropouts;

    private Network(Node spec, Layer root, ParamStore store, List<Dropout> dropouts) {
        this.spec = spec;
        this.root = root;
        this.edge = new ChannelsLast(root);
        this.store = store;
        this.dropouts = List.copyOf(dropouts);
    }

    /** Builds the model in `dtype`, initialised as `init` says from `seed` (the same seed gives the same weights). */
    public static Network build(Node model, DataType dtype, long seed, ModelSpec.InitScheme init) {
        return build(model, dtype, seed, init, null);
    }

    /** As {@link #build(Node, DataType, long, ModelSpec.InitScheme)}, timing every primitive layer into `times`. */
    public static Network build(Node model, DataType dtype, long seed, ModelSpec.InitScheme init, LayerTimes times) {
        ParamStore store = new ParamStore(dtype, model.params(), model.buffers(), seed);
        Builder b = new Builder(store, seed, init == ModelSpec.InitScheme.KAIMING_NORMAL ? Init.KAIMING_NORMAL : Init.PYTORCH_DEFAULT,
                times);
        Layer root = b.build(model);
        if (store.params().length() != model.params() || store.buffers().length() != model.buffers()) {
            throw new IllegalStateException("built " + store.params().length() + " params and " + store.buffers().length()
                    + " buffers but the spec counts " + model.params() + " and " + model.buffers());
        }
        return new Network(model, root, store, b.dropouts);
    }

    /** One resolved layer (a block, say) built into an existing store; it works on channels-last maps. */
    public static Layer buildLayer(Node layer, ParamStore store, long seed, Init init) {
        return new Builder(store, seed, init, null).build(layer);
    }

    /** Logits `[N, classes]` for `x` `[N, C, H, W]`; overwritten by the next call. */
    public INDArray forward(INDArray x, boolean training) {
        return edge.forward(x, training);
    }

    /** Back-propagates `dLogits`, writing every parameter gradient into {@link ParamStore#grads()}; returns dL/dx. */
    public INDArray backward(INDArray dLogits) {
        return edge.backward(dLogits, true);
    }

    /**
     * As {@link #backward(INDArray)}; with {@code needInputGradient} false (training) the gradient with respect to the
     * input images is not computed and null is returned, which saves the first convolution's backward-data pass.
     */
    public INDArray backward(INDArray dLogits, boolean needInputGradient) {
        return edge.backward(dLogits, needInputGradient);
    }

    /** The root layer (channels-last maps), for tests that step through a model layer by layer. */
    Layer root() {
        return root;
    }

    public ParamStore store() {
        return store;
    }

    public Node spec() {
        return spec;
    }

    public DataType dtype() {
        return store.dtype();
    }

    /** The random state of the network: how many training forwards each dropout layer has seen. */
    public long[] dropoutCalls() {
        return dropouts.stream().mapToLong(Dropout::calls).toArray();
    }

    public void restoreDropoutCalls(long[] calls) {
        if (calls.length != dropouts.size()) {
            throw new IllegalArgumentException("state for " + calls.length + " dropout layers, the network has " + dropouts.size());
        }
        for (int i = 0; i < calls.length; i++) {
            dropouts.get(i).setCalls(calls[i]);
        }
    }

    /** The one place where specs become layers. */
    private static final class Builder {
        private final ParamStore store;
        private final long seed;
        private final Init init;
        private final LayerTimes times;
        private final List<Dropout> dropouts = new ArrayList<>();

        Builder(ParamStore store, long seed, Init init, LayerTimes times) {
            this.store = store;
            this.seed = seed;
            this.init = init;
            this.times = times;
        }

        Layer build(Node n) {
            Layer layer = primitive(n);
            return times == null || !n.leaf() ? layer : times.wrap(n.path(), kind(n), layer);
        }

        /** `conv3x3`, `depthwise_conv3x3`, `grouped_conv3x3`, or the impl's kind in snake case. */
        private static String kind(Node n) {
            if (n.impl() instanceof LayerSpec.Conv c) {
                String k = c.kernel().h() + "x" + c.kernel().w();
                return c.groups() == 1 ? "conv" + k : c.groups() == n.in().c() ? "depthwise_conv" + k : "grouped_conv" + k;
            }
            if (n.impl() instanceof LayerSpec.DepthwiseConv d) {
                return "depthwise_conv" + d.asConv(n.in().c()).kernel().h() + "x" + d.asConv(n.in().c()).kernel().w();
            }
            return n.impl().kind().name().toLowerCase(java.util.Locale.ROOT);
        }

        private Layer primitive(Node n) {
            LayerSpec impl = n.impl();
            int in = n.in().c();
            return switch (impl.kind()) {
                case CONV -> conv((LayerSpec.Conv) impl, n);
                case DEPTHWISE_CONV -> conv(((LayerSpec.DepthwiseConv) impl).asConv(in), n);
                case BATCH_NORM -> {
                    LayerSpec.BatchNorm b = (LayerSpec.BatchNorm) impl;
                    yield new BatchNorm2d(store, n.path(), in, b.eps(), b.momentum());
                }
                case LRN -> {
                    LayerSpec.Lrn l = (LayerSpec.Lrn) impl;
                    yield new LocalResponseNorm(l.size(), l.alpha(), l.beta(), l.k());
                }
                case RELU -> new ReLU();
                case RELU6 -> new ReLU6();
                case LEAKY_RELU -> new LeakyReLU(((LayerSpec.LeakyRelu) impl).slope());
                case TANH -> new Tanh();
                case SIGMOID -> new Sigmoid();
                case HARDSWISH -> new Hardswish();
                case MAX_POOL -> {
                    LayerSpec.MaxPool p = (LayerSpec.MaxPool) impl;
                    yield new MaxPool2d(p.kernel().h(), p.kernel().w(), p.stride().h(), p.stride().w(), p.padding().h(),
                            p.padding().w(), p.ceilMode());
                }
                case AVG_POOL -> {
                    LayerSpec.AvgPool p = (LayerSpec.AvgPool) impl;
                    yield new AvgPool2d(p.kernel().h(), p.kernel().w(), p.stride().h(), p.stride().w(), p.padding().h(),
                            p.padding().w(), p.ceilMode(), p.countIncludePad());
                }
                case GLOBAL_AVG_POOL -> new AdaptiveAvgPool2d(1, 1);
                case ADAPTIVE_AVG_POOL -> {
                    LayerSpec.AdaptiveAvgPool p = (LayerSpec.AdaptiveAvgPool) impl;
                    yield new AdaptiveAvgPool2d(p.output().h(), p.output().w());
                }
                case FLATTEN -> new Flatten();
                case DROPOUT -> {
                    Dropout d = new Dropout(((LayerSpec.Dropout) impl).p(), store.rng(n.path() + "#dropout").nextLong());
                    dropouts.add(d);
                    yield d;
                }
                case LINEAR -> {
                    LayerSpec.Linear l = (LayerSpec.Linear) impl;
                    yield new Linear(store, n.path(), in, l.out(), l.bias(), init);
                }
                case SHORTCUT_A -> {
                    LayerSpec.ShortcutA a = (LayerSpec.ShortcutA) impl;
                    yield new ShortcutA(in, a.out(), a.stride());
                }
                case SEQUENTIAL -> sequential(n.children());
                case RESIDUAL -> {
                    LayerSpec.Residual r = (LayerSpec.Residual) impl;
                    List<Node> children = n.children();
                    boolean projected = !r.shortcut().isEmpty();
                    Layer body = sequential(children.subList(0, children.size() - (projected ? 1 : 0)));
                    Layer shortcut = projected ? build(children.get(children.size() - 1)) : null;
                    yield new Residual(body, shortcut, r.activation() == LayerSpec.PostActivation.RELU);
                }
                case CONCAT -> new Concat(n.children().stream().map(this::build).toList());
                // The resolver turns these into the kinds above: a classifier's impl is a linear layer,
                // a block's is the combinator it expands to.
                case CLASSIFIER, BASIC_BLOCK, BOTTLENECK, INVERTED_RESIDUAL, DEPTHWISE_SEPARABLE, INCEPTION, STAGE ->
                        throw new IllegalStateException(impl.kind() + " at " + n.path() + " was not resolved");
            };
        }

        private Layer conv(LayerSpec.Conv c, Node n) {
            return new Conv2d(store, n.path(), n.in().c(), c.out(), c.kernel().h(), c.kernel().w(), c.stride().h(),
                    c.stride().w(), c.pad().h(), c.pad().w(), c.groups(), c.bias(), init);
        }

        /** The children in order; a batch norm right after a convolution is folded into it for eval mode. */
        private Layer sequential(List<Node> children) {
            List<Layer> raw = new ArrayList<>(children.size());
            for (Node c : children) {
                raw.add(primitive(c));
            }
            for (int i = 0; i + 1 < raw.size(); i++) {
                if (raw.get(i) instanceof Conv2d conv && raw.get(i + 1) instanceof BatchNorm2d bn) {
                    conv.fold(bn);
                }
            }
            List<Layer> layers = new ArrayList<>(children.size());
            for (int i = 0; i < raw.size(); i++) {
                Node c = children.get(i);
                layers.add(times == null || !c.leaf() ? raw.get(i) : times.wrap(c.path(), kind(c), raw.get(i)));
            }
            return layers.size() == 1 ? layers.get(0) : new Sequential(layers);
        }
    }
}
