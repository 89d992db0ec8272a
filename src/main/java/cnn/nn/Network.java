package cnn.nn;

import cnn.spec.LayerSpec;
import cnn.spec.ModelSpec;
import cnn.spec.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A resolved spec built into layers over one flat parameter buffer, one flat gradient buffer and one flat
 * buffer of batch-norm statistics. Parameter paths are the spec's layer paths (`layer1.0.conv1.weight`),
 * in the order of the spec, which for models mirroring torchvision is its state_dict order. Input and input
 * gradient are {@code [N, C, H, W]}; inside, maps are channels-last ({@link ChannelsLast}).
 *
 * <p>On more than one thread ({@link #useThreads}) the network is data-parallel: each batch is cut into one part per
 * thread, and each part runs forward and backward on its own replica (its own activations, a copy of the parameters
 * and its own gradient buffer) with single-threaded kernels; the parts' parameter gradients are summed into
 * {@link ParamStore#grads()}, which is the full batch's gradient since the loss gradient already carries the
 * {@code 1/N} of the batch mean. Batch norm in training mode normalises each part with that part's statistics, as
 * PyTorch's DistributedDataParallel does without SyncBatchNorm, and the running statistics become the mean of the
 * parts' updates. Measured on ResNet-20 (one replica per core against oneDNN's own threads over the whole batch):
 * many small kernels and the reorders between them scale badly inside one op, whole replicas do not.
 */
public final class Network {
    private final Node spec;
    private final Layer root;
    private final ChannelsLast edge;
    private final ParamStore store;
    private final List<Dropout> dropouts;
    private final long seed;
    private final ModelSpec.InitScheme init;
    private Network[] others = new Network[0]; // replicas 1.. when data-parallel
    private long[] cuts;                        // part boundaries of the last forward, null if it ran whole
    private INDArray y;
    private INDArray dx;

    private Network(Node spec, Layer root, ParamStore store, List<Dropout> dropouts, long seed,
            ModelSpec.InitScheme init) {
        this.spec = spec;
        this.root = root;
        this.edge = new ChannelsLast(root);
        this.store = store;
        this.dropouts = List.copyOf(dropouts);
        this.seed = seed;
        this.init = init;
    }

    /** Builds the model in `precision`, initialised as `init` says from `seed` (the same seed gives the same weights). */
    public static Network build(Node model, Precision precision, long seed, ModelSpec.InitScheme init) {
        return build(model, precision, seed, init, null);
    }

    /** As {@link #build(Node, Precision, long, ModelSpec.InitScheme)}, timing every primitive layer into `times`. */
    public static Network build(Node model, Precision precision, long seed, ModelSpec.InitScheme init, LayerTimes times) {
        ParamStore store = new ParamStore(precision.dtype, model.params(), model.buffers(), seed);
        Builder b = new Builder(store, seed, init == ModelSpec.InitScheme.KAIMING_NORMAL ? Init.KAIMING_NORMAL : Init.PYTORCH_DEFAULT,
                times);
        Layer root = b.build(model);
        if (store.params().length() != model.params() || store.buffers().length() != model.buffers()) {
            throw new IllegalStateException("built " + store.params().length() + " params and " + store.buffers().length()
                    + " buffers but the spec counts " + model.params() + " and " + model.buffers());
        }
        return new Network(model, root, store, b.dropouts, seed, init);
    }

    /** One resolved layer (a block, say) built into an existing store; it works on channels-last maps. */
    public static Layer buildLayer(Node layer, ParamStore store, long seed, Init init) {
        return new Builder(store, seed, init, null).build(layer);
    }

    /**
     * Runs on {@code threads} threads from here on, data-parallel over the batch when more than one (see the class
     * comment), and sets the numeric libraries of the calling thread, which runs the first part, to one thread each.
     * Returns the threads in effect: at most the machine's cores. Call it on the thread that runs the network.
     */
    public int useThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int t = Math.min(threads, Runtime.getRuntime().availableProcessors());
        Threads.use(1);
        Network[] o = new Network[t - 1];
        for (int i = 0; i < o.length; i++) {
            o[i] = i < others.length ? others[i]
                    : build(spec, precision(), ParamStore.mix64(seed + i + 1), init, null); // own dropout streams
            o[i].restoreDropoutCalls(dropoutCalls());
        }
        others = o;
        cuts = null;
        return t;
    }

    /** Logits `[N, classes]` for `x` `[N, C, H, W]`; overwritten by the next call. */
    public INDArray forward(INDArray x, boolean training) {
        int parts = (int) Math.min(others.length + 1, x.size(0));
        if (parts < 2) {
            cuts = null;
            return edge.forward(x, training);
        }
        if (cuts == null || cuts.length != parts + 1 || cuts[parts] != x.size(0)) { // set by the batch size alone
            cuts = new long[parts + 1];
            for (int i = 0; i <= parts; i++) {
                cuts[i] = x.size(0) * i / parts;
            }
        }
        for (int i = 1; i < parts && store.buffers().length() > 0; i++) { // they change in this forward: copy first
            others[i - 1].store.buffers().assign(store.buffers());
        }
        INDArray[] out = new INDArray[parts];
        inParallel(parts, i -> {
            Network r = i == 0 ? this : others[i - 1];
            if (i > 0) {
                r.store.params().assign(store.params());
            }
            out[i] = r.edge.forward(rows(x, i), training);
        });
        long[] shape = out[0].shape().clone();
        shape[0] = x.size(0);
        y = Ops.reuse(y, out[0].dataType(), shape);
        for (int i = 0; i < parts; i++) {
            rows(y, i).assign(out[i]);
        }
        if (training) {
            if (store.buffers().length() > 0) {
                for (int i = 1; i < parts; i++) {
                    store.buffers().addi(others[i - 1].store.buffers());
                }
                store.buffers().muli(1.0 / parts);
            }
            for (Network r : others) { // parts not run this time stay in step
                r.restoreDropoutCalls(dropoutCalls());
            }
        }
        return y;
    }

    /** Back-propagates `dLogits`, writing every parameter gradient into {@link ParamStore#grads()}; returns dL/dx. */
    public INDArray backward(INDArray dLogits) {
        return backward(dLogits, true);
    }

    /**
     * As {@link #backward(INDArray)}; with {@code needInputGradient} false (training) the gradient with respect to the
     * input images is not computed and null is returned, which saves the first convolution's backward-data pass.
     */
    public INDArray backward(INDArray dLogits, boolean needInputGradient) {
        if (cuts == null) {
            return edge.backward(dLogits, needInputGradient);
        }
        int parts = cuts.length - 1;
        INDArray[] d = new INDArray[parts];
        inParallel(parts, i -> d[i] = (i == 0 ? this : others[i - 1]).edge.backward(rows(dLogits, i), needInputGradient));
        for (int i = 1; i < parts; i++) {
            store.grads().addi(others[i - 1].store.grads());
        }
        if (!needInputGradient) {
            return null;
        }
        long[] shape = d[0].shape().clone();
        shape[0] = dLogits.size(0);
        dx = Ops.reuse(dx, d[0].dataType(), shape);
        for (int i = 0; i < parts; i++) {
            rows(dx, i).assign(d[i]);
        }
        return dx;
    }

    /** Rows {@code [cuts[i], cuts[i+1])} of {@code a}. */
    private INDArray rows(INDArray a, int i) {
        return Ops.slice(a, 0, cuts[i], cuts[i + 1]);
    }

    /** Runs {@code part.run(i)} for i in [0, parts): 0 on this thread, i on {@link Threads#worker}(i); rethrows. */
    private static void inParallel(int parts, java.util.function.IntConsumer part) {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 1; i < parts; i++) {
            int k = i;
            running.add(Threads.worker(k).submit(() -> part.accept(k)));
        }
        RuntimeException first = null;
        try {
            part.accept(0);
        } catch (RuntimeException e) {
            first = e;
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (first == null) {
                    first = c instanceof RuntimeException re ? re : new IllegalStateException(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replicas ran", e);
            }
        }
        if (first != null) {
            throw first;
        }
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

    public Precision precision() {
        return store.dtype() == DataType.DOUBLE ? Precision.FLOAT64 : Precision.FLOAT32;
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
        for (Network r : others) {
            r.restoreDropoutCalls(calls);
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
            Layer layer = layer(n);
            return times == null || !n.leaf() ? layer : times.wrap(n.path(), kind(n), layer);
        }

        /** `conv3x3`, `depthwise_conv3x3`, `grouped_conv3x3`, or the impl's type. */
        private static String kind(Node n) {
            if (n.impl() instanceof LayerSpec.Conv c) {
                String k = c.kernel().h() + "x" + c.kernel().w();
                return c.groups() == 1 ? "conv" + k : c.groups() == n.in().c() ? "depthwise_conv" + k : "grouped_conv" + k;
            }
            if (n.impl() instanceof LayerSpec.DepthwiseConv d) {
                return "depthwise_conv" + d.asConv(n.in().c()).kernel().h() + "x" + d.asConv(n.in().c()).kernel().w();
            }
            return n.impl().type();
        }

        /** The one place where resolved specs become layers: one method per primitive and combinator kind. */
        private Layer layer(Node n) {
            return n.impl().accept(new LayerSpec.Impl.Impls<Layer>() {
                @Override
                public Layer primitive(LayerSpec.Primitive p) {
                    return p.accept(new Primitives(n));
                }

                @Override
                public Layer combinator(LayerSpec.Combinator c) {
                    return c.accept(new Combinators(n));
                }
            });
        }

        private final class Primitives implements LayerSpec.Primitive.Visitor<Layer> {
            private final Node n;
            private final int in;

            Primitives(Node n) {
                this.n = n;
                this.in = n.in().c();
            }

            @Override
            public Layer conv(LayerSpec.Conv c) {
                return Builder.this.conv(c, n);
            }

            @Override
            public Layer depthwiseConv(LayerSpec.DepthwiseConv d) {
                return Builder.this.conv(d.asConv(in), n);
            }

            @Override
            public Layer batchNorm(LayerSpec.BatchNorm b) {
                return new BatchNorm2d(store, n.path(), in, b.eps(), b.momentum());
            }

            @Override
            public Layer lrn(LayerSpec.Lrn l) {
                return new LocalResponseNorm(l.size(), l.alpha(), l.beta(), l.k());
            }

            @Override
            public Layer relu(LayerSpec.Relu r) {
                return new ReLU();
            }

            @Override
            public Layer relu6(LayerSpec.Relu6 r) {
                return new ReLU6();
            }

            @Override
            public Layer leakyRelu(LayerSpec.LeakyRelu r) {
                return new LeakyReLU(r.slope());
            }

            @Override
            public Layer tanh(LayerSpec.Tanh t) {
                return new Tanh();
            }

            @Override
            public Layer sigmoid(LayerSpec.Sigmoid s) {
                return new Sigmoid();
            }

            @Override
            public Layer hardswish(LayerSpec.Hardswish h) {
                return new Hardswish();
            }

            @Override
            public Layer maxPool(LayerSpec.MaxPool p) {
                return new MaxPool2d(p.kernel().h(), p.kernel().w(), p.stride().h(), p.stride().w(), p.padding().h(),
                        p.padding().w(), p.ceilMode());
            }

            @Override
            public Layer avgPool(LayerSpec.AvgPool p) {
                return new AvgPool2d(p.kernel().h(), p.kernel().w(), p.stride().h(), p.stride().w(), p.padding().h(),
                        p.padding().w(), p.ceilMode(), p.countIncludePad());
            }

            @Override
            public Layer globalAvgPool(LayerSpec.GlobalAvgPool p) {
                return new AdaptiveAvgPool2d(1, 1);
            }

            @Override
            public Layer adaptiveAvgPool(LayerSpec.AdaptiveAvgPool p) {
                return new AdaptiveAvgPool2d(p.output().h(), p.output().w());
            }

            @Override
            public Layer flatten(LayerSpec.Flatten f) {
                return new Flatten();
            }

            @Override
            public Layer dropout(LayerSpec.Dropout d) {
                Dropout layer = new Dropout(d.p(), store.rng(n.path() + "#dropout").nextLong());
                dropouts.add(layer);
                return layer;
            }

            @Override
            public Layer linear(LayerSpec.Linear l) {
                return new Linear(store, n.path(), in, l.out(), l.bias(), init);
            }

            @Override
            public Layer shortcutA(LayerSpec.ShortcutA a) {
                return new ShortcutA(in, a.out(), a.stride());
            }
        }

        private final class Combinators implements LayerSpec.Combinator.Visitor<Layer> {
            private final Node n;

            Combinators(Node n) {
                this.n = n;
            }

            @Override
            public Layer sequential(LayerSpec.Sequential s) {
                return Builder.this.sequential(n.children());
            }

            @Override
            public Layer residual(LayerSpec.Residual r) {
                List<Node> children = n.children();
                boolean projected = !r.shortcut().isEmpty();
                Layer body = Builder.this.sequential(children.subList(0, children.size() - (projected ? 1 : 0)));
                Layer shortcut = projected ? build(children.get(children.size() - 1)) : null;
                return new Residual(body, shortcut, r.activation() == LayerSpec.PostActivation.RELU);
            }

            @Override
            public Layer concat(LayerSpec.Concat c) {
                return new Concat(n.children().stream().map(Builder.this::build).toList());
            }
        }

        private Layer conv(LayerSpec.Conv c, Node n) {
            return new Conv2d(store, n.path(), n.in().c(), c.out(), c.kernel().h(), c.kernel().w(), c.stride().h(),
                    c.stride().w(), c.pad().h(), c.pad().w(), c.groups(), c.bias(), init);
        }

        /**
         * The children in order; a convolution and the batch norm right after it become one {@link ConvBatchNorm},
         * which folds the batch norm into the convolution at evaluation.
         */
        private Layer sequential(List<Node> children) {
            List<Layer> layers = new ArrayList<>(children.size());
            for (int i = 0; i < children.size(); i++) {
                Node c = children.get(i);
                Layer layer = layer(c);
                if (layer instanceof Conv2d conv && ConvBatchNorm.folds(conv) && i + 1 < children.size()
                        && children.get(i + 1).impl() instanceof LayerSpec.BatchNorm) {
                    Node next = children.get(++i);
                    BatchNorm2d bn = (BatchNorm2d) layer(next);
                    layers.add(new ConvBatchNorm(conv, bn, timer(c), timer(next)));
                } else {
                    layers.add(times == null || !c.leaf() ? layer : times.wrap(c.path(), kind(c), layer));
                }
            }
            return layers.size() == 1 ? layers.get(0) : new Sequential(layers);
        }

        private LayerTimes.Timer timer(Node n) {
            return times == null ? LayerTimes.Timer.NONE : times.timer(n.path(), kind(n));
        }
    }
}
