package cnn.spec;

import static cnn.spec.FieldError.atLeast;
import static cnn.spec.FieldError.positive;
import static cnn.spec.FieldError.within;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.util.List;

/**
 * One entry of a model spec's layer list: a primitive layer, a combinator of layer lists, or a block kind
 * that expands into those. The `type` key of a spec entry is the record name in snake_case. Input
 * channel counts are never written: the {@link Resolver} threads shapes through the list.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
@JsonTypeIdResolver(SealedTypes.class)
public sealed interface LayerSpec permits LayerSpec.Impl, LayerSpec.Classifier, Block {

    /** The name of this entry in its parent's parameter path, or null for the default name. */
    String name();

    /**
     * The `type` value of this kind in specs: the record's name in snake_case ({@code DepthwiseConv} is
     * {@code depthwise_conv}). Every list of kinds, and the reader's type names, come from {@link SealedTypes}.
     */
    default String type() {
        return SealedTypes.name(getClass());
    }

    /** The stem of this kind's default names in a list named by kind: {@code conv} gives conv1, conv2, ... */
    String prefix();

    /** Kinds that usually occur once in a list are named without a counter the first time (flatten, fc, avgpool). */
    default boolean single() {
        return false;
    }

    /** Dispatch on the four categories of entries, exhaustive: a new category does not compile until handled. */
    <R> R accept(Categories<R> c);

    /** What a resolver does with each category. */
    interface Categories<R> {
        R primitive(Primitive p);

        R classifier(Classifier c);

        R combinator(Combinator c);

        R block(Block b);
    }

    /**
     * What computes a resolved layer: a primitive or a combinator. A classifier resolves into a linear layer and a
     * block into the combinator it expands to, so a resolved {@link Node}'s {@code impl} is always one of these two.
     */
    sealed interface Impl extends LayerSpec permits Primitive, Combinator {
        /** Dispatch on the two, exhaustive. */
        <R> R accept(Impls<R> v);

        /** What a builder does with each. */
        interface Impls<R> {
            R primitive(Primitive p);

            R combinator(Combinator c);
        }
    }

    /** A layer computed by one runtime layer, whose shape, parameters and MACs follow from its input shape. */
    sealed interface Primitive extends Impl {
        @Override
        default <R> R accept(Categories<R> c) {
            return c.primitive(this);
        }

        @Override
        default <R> R accept(Impls<R> v) {
            return v.primitive(this);
        }

        /** Dispatch on the primitive kinds; the network builder is one of these, so each kind needs its layer. */
        <R> R accept(Visitor<R> v);

        /** One method per primitive kind. */
        interface Visitor<R> {
            R conv(Conv c);

            R depthwiseConv(DepthwiseConv c);

            R batchNorm(BatchNorm b);

            R lrn(Lrn l);

            R relu(Relu r);

            R relu6(Relu6 r);

            R leakyRelu(LeakyRelu r);

            R tanh(Tanh t);

            R sigmoid(Sigmoid s);

            R hardswish(Hardswish h);

            R maxPool(MaxPool p);

            R avgPool(AvgPool p);

            R globalAvgPool(GlobalAvgPool p);

            R adaptiveAvgPool(AdaptiveAvgPool p);

            R flatten(Flatten f);

            R dropout(Dropout d);

            R linear(Linear l);

            R shortcutA(ShortcutA s);
        }

        /** The output shape; throws {@link FieldError} if this layer cannot take the input. */
        Shape out(Shape in);

        /** Trainable parameters. */
        default long params(Shape in) {
            return 0;
        }

        /** Non-trainable state (batch norm running statistics). */
        default long buffers(Shape in) {
            return 0;
        }

        /** Multiply-accumulates per example, counted for convolutions and linear layers only. */
        default long macs(Shape in, Shape out) {
            return 0;
        }
    }

    /** Shape-preserving element-wise layers: the activations and dropout. */
    sealed interface Elementwise extends Primitive {
        @Override
        default Shape out(Shape in) {
            return in;
        }
    }

    /** The element-wise nonlinearities, named act1, act2, ... by default. */
    sealed interface Activation extends Elementwise {
        @Override
        default String prefix() {
            return "act";
        }
    }

    /** Layers holding one list, or several, of other layers. */
    sealed interface Combinator extends Impl {
        @Override
        default <R> R accept(Categories<R> c) {
            return c.combinator(this);
        }

        @Override
        default <R> R accept(Impls<R> v) {
            return v.combinator(this);
        }

        /** Dispatch on the combinator kinds, exhaustive: the resolver and the network builder implement it. */
        <R> R accept(Visitor<R> v);

        /** One method per combinator kind. */
        interface Visitor<R> {
            R sequential(Sequential s);

            R residual(Residual r);

            R concat(Concat c);
        }
    }

    // ------------------------------------------------------------------------------------ convolutions

    /** 2-D convolution (cross-correlation) with optional groups, as `torch.nn.Conv2d`. */
    record Conv(String name, Integer out, Size2 kernel, Size2 stride, Padding padding, Integer groups, Boolean bias)
            implements Primitive {
        @Override
        public String prefix() {
            return "conv";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.conv(this);
        }

        public Conv {
            positive("out", out);
            if (kernel == null) {
                throw new FieldError("kernel", null, "is required");
            }
            atLeast("kernel", kernel, 1);
            stride = atLeast("stride", stride == null ? Size2.of(1) : stride, 1);
            padding = padding == null ? Padding.SAME : padding;
            if (!padding.same()) {
                atLeast("padding", padding.explicit(), 0);
            }
            groups = positive("groups", groups == null ? 1 : groups);
            bias = bias == null || bias;
            if (out % groups != 0) {
                throw new FieldError("groups", groups, "must divide out (" + out + ")");
            }
        }

        public static Conv of(String name, int out, int kernel, int stride, boolean bias) {
            return new Conv(name, out, Size2.of(kernel), Size2.of(stride), null, null, bias);
        }

        public Size2 pad() {
            return padding.resolve(kernel);
        }

        @Override
        public Shape out(Shape in) {
            Spatial.requireMap(in);
            if (in.c() % groups != 0) {
                throw new FieldError("groups", groups, "must divide the input channels (" + in.c() + ")");
            }
            return Shape.chw(out, Spatial.size("kernel", in.h(), kernel.h(), stride.h(), pad().h(), false),
                    Spatial.size("kernel", in.w(), kernel.w(), stride.w(), pad().w(), false));
        }

        @Override
        public long params(Shape in) {
            return (long) out * (in.c() / groups) * kernel.h() * kernel.w() + (bias ? out : 0);
        }

        @Override
        public long macs(Shape in, Shape o) {
            return o.elements() * (in.c() / groups) * kernel.h() * kernel.w();
        }
    }

    /** Depthwise convolution: one filter per input channel (`groups = in`), `multiplier` outputs each. */
    record DepthwiseConv(String name, Size2 kernel, Size2 stride, Padding padding, Integer multiplier, Boolean bias)
            implements Primitive {
        @Override
        public String prefix() {
            return "dwconv";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.depthwiseConv(this);
        }

        public DepthwiseConv {
            kernel = atLeast("kernel", kernel == null ? Size2.of(3) : kernel, 1);
            stride = atLeast("stride", stride == null ? Size2.of(1) : stride, 1);
            padding = padding == null ? Padding.SAME : padding;
            if (!padding.same()) {
                atLeast("padding", padding.explicit(), 0);
            }
            multiplier = positive("multiplier", multiplier == null ? 1 : multiplier);
            bias = bias != null && bias;
        }

        public static DepthwiseConv of(String name, int kernel, int stride) {
            return new DepthwiseConv(name, Size2.of(kernel), Size2.of(stride), null, null, false);
        }

        public Size2 pad() {
            return padding.resolve(kernel);
        }

        /** The equivalent grouped convolution for an input with this many channels. */
        public Conv asConv(int inChannels) {
            return new Conv(name, inChannels * multiplier, kernel, stride, padding, inChannels, bias);
        }

        @Override
        public Shape out(Shape in) {
            Spatial.requireMap(in);
            return asConv(in.c()).out(in);
        }

        @Override
        public long params(Shape in) {
            return asConv(in.c()).params(in);
        }

        @Override
        public long macs(Shape in, Shape o) {
            return asConv(in.c()).macs(in, o);
        }
    }

    // ------------------------------------------------------------------------------------ normalisation

    /** Batch normalisation over (N, H, W) per channel, as `torch.nn.BatchNorm2d`. */
    record BatchNorm(String name, Double eps, Double momentum) implements Primitive {
        @Override
        public String prefix() {
            return "bn";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.batchNorm(this);
        }

        public BatchNorm {
            eps = within("eps", eps == null ? 1e-5 : eps, 0, true, 1, false);
            momentum = within("momentum", momentum == null ? 0.1 : momentum, 0, false, 1, false);
        }

        public static BatchNorm of(String name) {
            return new BatchNorm(name, null, null);
        }

        @Override
        public Shape out(Shape in) {
            Spatial.requireMap(in);
            return in;
        }

        @Override
        public long params(Shape in) {
            return 2L * in.c();
        }

        @Override
        public long buffers(Shape in) {
            return 2L * in.c();
        }
    }

    /**
     * Local response normalisation across channels (Krizhevsky et al. 2012), in PyTorch's form where
     * alpha is divided by the window size.
     */
    record Lrn(String name, Integer size, Double alpha, Double beta, Double k) implements Primitive {
        @Override
        public String prefix() {
            return "lrn";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.lrn(this);
        }

        public Lrn {
            size = positive("size", size == null ? 5 : size);
            alpha = within("alpha", alpha == null ? 1e-4 : alpha, 0, false, Double.MAX_VALUE, false);
            beta = within("beta", beta == null ? 0.75 : beta, 0, false, Double.MAX_VALUE, false);
            k = within("k", k == null ? 2.0 : k, 0, true, Double.MAX_VALUE, false);
        }

        @Override
        public Shape out(Shape in) {
            Spatial.requireMap(in);
            return in;
        }
    }

    // ------------------------------------------------------------------------------------ activations

    record Relu(String name) implements Activation {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.relu(this);
        }
    }

    record Relu6(String name) implements Activation {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.relu6(this);
        }
    }

    record LeakyRelu(String name, Double slope) implements Activation {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.leakyRelu(this);
        }

        public LeakyRelu {
            slope = within("slope", slope == null ? 0.01 : slope, 0, false, 1, true);
        }
    }

    record Tanh(String name) implements Activation {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.tanh(this);
        }
    }

    record Sigmoid(String name) implements Activation {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.sigmoid(this);
        }
    }

    record Hardswish(String name) implements Activation {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.hardswish(this);
        }
    }

    // ------------------------------------------------------------------------------------ pooling

    /** Max pooling, as `torch.nn.MaxPool2d` (padding counts as minus infinity). */
    record MaxPool(String name, Size2 kernel, Size2 stride, Size2 padding, Boolean ceilMode) implements Primitive {
        @Override
        public String prefix() {
            return "pool";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.maxPool(this);
        }

        public MaxPool {
            if (kernel == null) {
                throw new FieldError("kernel", null, "is required");
            }
            atLeast("kernel", kernel, 1);
            stride = atLeast("stride", stride == null ? kernel : stride, 1);
            padding = atLeast("padding", padding == null ? Size2.of(0) : padding, 0);
            Spatial.checkPoolPadding(kernel, padding);
            ceilMode = ceilMode != null && ceilMode;
        }

        public static MaxPool of(String name, int kernel, int stride) {
            return new MaxPool(name, Size2.of(kernel), Size2.of(stride), null, null);
        }

        @Override
        public Shape out(Shape in) {
            return Spatial.pool(in, kernel, stride, padding, ceilMode);
        }
    }

    /** Average pooling, as `torch.nn.AvgPool2d`. */
    record AvgPool(String name, Size2 kernel, Size2 stride, Size2 padding, Boolean ceilMode, Boolean countIncludePad)
            implements Primitive {
        @Override
        public String prefix() {
            return "pool";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.avgPool(this);
        }

        public AvgPool {
            if (kernel == null) {
                throw new FieldError("kernel", null, "is required");
            }
            atLeast("kernel", kernel, 1);
            stride = atLeast("stride", stride == null ? kernel : stride, 1);
            padding = atLeast("padding", padding == null ? Size2.of(0) : padding, 0);
            Spatial.checkPoolPadding(kernel, padding);
            ceilMode = ceilMode != null && ceilMode;
            countIncludePad = countIncludePad == null || countIncludePad;
        }

        @Override
        public Shape out(Shape in) {
            return Spatial.pool(in, kernel, stride, padding, ceilMode);
        }
    }

    /** Average over each whole feature map: `[C, H, W] -> [C, 1, 1]`. */
    record GlobalAvgPool(String name) implements Primitive {
        @Override
        public String prefix() {
            return "avgpool";
        }

        @Override
        public boolean single() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.globalAvgPool(this);
        }

        @Override
        public Shape out(Shape in) {
            Spatial.requireMap(in);
            return Shape.chw(in.c(), 1, 1);
        }
    }

    /** Average pooling to a fixed output size with PyTorch's (possibly overlapping) bins. */
    record AdaptiveAvgPool(String name, Size2 output) implements Primitive {
        @Override
        public String prefix() {
            return "avgpool";
        }

        @Override
        public boolean single() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.adaptiveAvgPool(this);
        }

        public AdaptiveAvgPool {
            if (output == null) {
                throw new FieldError("output", null, "is required");
            }
            atLeast("output", output, 1);
        }

        @Override
        public Shape out(Shape in) {
            Spatial.requireMap(in);
            return Shape.chw(in.c(), output.h(), output.w());
        }
    }

    // ------------------------------------------------------------------------------------ head

    /** `[C, H, W] -> [C*H*W]` in row-major (c, h, w) order. */
    record Flatten(String name) implements Primitive {
        @Override
        public String prefix() {
            return "flatten";
        }

        @Override
        public boolean single() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.flatten(this);
        }

        @Override
        public Shape out(Shape in) {
            long f = in.elements();
            if (f > Integer.MAX_VALUE) {
                throw new FieldError(null, in, "flattens to more than 2^31 features");
            }
            return Shape.features((int) f);
        }
    }

    /** Inverted dropout with drop probability `p`; the identity at evaluation. */
    record Dropout(String name, Double p) implements Elementwise {
        @Override
        public String prefix() {
            return "dropout";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.dropout(this);
        }

        public Dropout {
            p = within("p", p == null ? 0.5 : p, 0, false, 1, true);
        }
    }

    /** Fully connected layer `y = x W^T + b` on flat features. */
    record Linear(String name, Integer out, Boolean bias) implements Primitive {
        @Override
        public String prefix() {
            return "fc";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.linear(this);
        }

        public Linear {
            positive("out", out);
            bias = bias == null || bias;
        }

        @Override
        public Shape out(Shape in) {
            Spatial.requireFlat(in, "linear");
            return Shape.features(out);
        }

        @Override
        public long params(Shape in) {
            return (long) out * in.c() + (bias ? out : 0);
        }

        @Override
        public long macs(Shape in, Shape o) {
            return (long) in.c() * out;
        }
    }

    /**
     * The final linear layer, mapping to the model's `classes`. The resolver turns it into a {@link Linear}
     * once the number of classes is known.
     */
    record Classifier(String name, Boolean bias) implements LayerSpec {
        @Override
        public String prefix() {
            return "fc";
        }

        @Override
        public boolean single() {
            return true;
        }

        @Override
        public <R> R accept(Categories<R> c) {
            return c.classifier(this);
        }

        public Classifier {
            bias = bias == null || bias;
        }

        public Linear toLinear(int classes) {
            return new Linear(name, classes, bias);
        }
    }

    /**
     * He et al. 2015's parameter-free "option A" shortcut (arXiv:1512.03385, sec. 4.2): keep every
     * `stride`-th row and column, then zero-pad the channels up to `out`, half before and half after.
     */
    record ShortcutA(String name, Integer out, Integer stride) implements Primitive {
        @Override
        public String prefix() {
            return "shortcut";
        }

        @Override
        public boolean single() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.shortcutA(this);
        }

        public ShortcutA {
            positive("out", out);
            stride = positive("stride", stride == null ? 1 : stride);
        }

        @Override
        public Shape out(Shape in) {
            Spatial.requireMap(in);
            if (out < in.c()) {
                throw new FieldError("out", out, "must be at least the input channels (" + in.c() + ")");
            }
            return Shape.chw(out, (in.h() + stride - 1) / stride, (in.w() + stride - 1) / stride);
        }
    }

    // ------------------------------------------------------------------------------------ combinators

    /** Layers applied in order; like `torch.nn.Sequential`, children are named 0, 1, 2, ... by default. */
    record Sequential(String name, List<LayerSpec> layers) implements Combinator {
        @Override
        public String prefix() {
            return "seq";
        }

        @Override
        public <R> R accept(Combinator.Visitor<R> v) {
            return v.sequential(this);
        }

        public Sequential {
            layers = Spatial.nonEmpty("layers", layers);
        }
    }

    /** What follows the addition in a residual unit. */
    enum PostActivation {
        RELU, NONE;

        @JsonValue
        String json() {
            return name().toLowerCase();
        }
    }

    /**
     * `activation(body(x) + shortcut(x))`; an empty shortcut is the identity. The shortcut's layers are
     * named under `downsample` (torchvision's name), so a projection's weights are `downsample.0.weight`.
     */
    record Residual(String name, List<LayerSpec> body, List<LayerSpec> shortcut, PostActivation activation)
            implements Combinator {
        @Override
        public String prefix() {
            return "res";
        }

        @Override
        public <R> R accept(Combinator.Visitor<R> v) {
            return v.residual(this);
        }

        public Residual {
            body = Spatial.nonEmpty("body", body);
            shortcut = shortcut == null ? List.of() : List.copyOf(shortcut);
            activation = activation == null ? PostActivation.RELU : activation;
        }
    }

    /** Branches applied to the same input, their outputs concatenated on channels (branch1, branch2, ...). */
    record Concat(String name, List<List<LayerSpec>> branches) implements Combinator {
        @Override
        public String prefix() {
            return "concat";
        }

        @Override
        public <R> R accept(Combinator.Visitor<R> v) {
            return v.concat(this);
        }

        public Concat {
            if (branches == null || branches.isEmpty()) {
                throw new FieldError("branches", branches, "needs at least one branch");
            }
            for (int i = 0; i < branches.size(); i++) {
                Spatial.nonEmpty("branches[" + i + "]", branches.get(i));
            }
            branches = List.copyOf(branches);
        }
    }
}
