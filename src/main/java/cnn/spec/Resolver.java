package cnn.spec;

import cnn.spec.LayerSpec.Classifier;
import cnn.spec.LayerSpec.Concat;
import cnn.spec.LayerSpec.Primitive;
import cnn.spec.LayerSpec.Residual;
import cnn.spec.LayerSpec.Sequential;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Threads shapes through a spec: expands blocks, names every layer, checks that each layer can take its
 * input, and counts parameters, buffers, MACs and activations. Pure: no tensor is allocated.
 *
 * <p>Naming: children of `sequential` and `stage` (like `torch.nn.Sequential`) and of a residual shortcut
 * are named 0, 1, 2, ...; children of the model's `layers`, a residual `body` and a concat branch are
 * named by kind with a counter (`conv1`, `bn1`, `act1`, `pool1`, `fc1`, `layer1`, ...), and kinds that
 * usually occur once are named without one (`flatten`, `avgpool`, `fc` for the classifier). A `name`
 * in the spec always wins.
 */
public final class Resolver {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final String source;
    private final int classes;

    private Resolver(String source, int classes) {
        this.source = source;
        this.classes = classes;
    }

    /** The resolved model; `source` names the spec file in error messages. */
    public static Node resolve(ModelSpec spec, String source) {
        Resolver r = new Resolver(source, spec.classes());
        Shape in = spec.inputShape();
        List<LayerSpec> layers = spec.layerList();
        String listPath = spec.layers() != null ? "layers" : "pattern";
        List<Node> children = r.list(layers, in, "", listPath, spec.layers() == null, Naming.BY_KIND);
        Node last = children.get(children.size() - 1);
        if (!last.out().flat() || last.out().c() != spec.classes()) {
            throw new SpecException(source, listPath + "[" + (children.size() - 1) + "]", last.out(),
                    "the model must end in [" + spec.classes() + "] (classes) but ends in " + last.out()
                            + "; end with {type: classifier}");
        }
        return r.combine("", spec.name(), "model", "", spec, new Sequential(spec.name(), layers), in, last.out(), 0, children);
    }

    /**
     * One layer (a block, say) resolved at an input shape on its own, as the root of its names: a basic
     * block's first convolution is `conv1`. For tests and benchmarks of single blocks.
     */
    public static Node resolveLayer(LayerSpec layer, Shape in, int classes, String source) {
        return new Resolver(source, classes).layer(layer, in, "", layer.name() == null ? layer.type() : layer.name(),
                "", false);
    }

    private enum Naming { BY_KIND, BY_INDEX }

    private List<Node> list(List<LayerSpec> layers, Shape in, String parent, String specPath, boolean expanded,
            Naming naming) {
        List<String> names = names(layers, specPath, expanded, naming);
        List<Node> nodes = new ArrayList<>(layers.size());
        Shape shape = in;
        for (int i = 0; i < layers.size(); i++) {
            String childSpecPath = expanded ? specPath : specPath + "[" + i + "]";
            Node n = layer(layers.get(i), shape, join(parent, names.get(i)), names.get(i), childSpecPath, expanded);
            nodes.add(n);
            shape = n.out();
        }
        return nodes;
    }

    private Node layer(LayerSpec spec, Shape in, String path, String name, String specPath, boolean expanded) {
        return spec.accept(new LayerSpec.Categories<Node>() {
            @Override
            public Node primitive(Primitive p) {
                return Resolver.this.primitive(spec, p, in, path, name, specPath);
            }

            @Override
            public Node classifier(Classifier c) {
                return Resolver.this.primitive(spec, c.toLinear(classes), in, path, name, specPath);
            }

            @Override
            public Node combinator(LayerSpec.Combinator c) {
                return Resolver.this.combinator(spec, c, in, path, name, specPath, expanded);
            }

            @Override
            public Node block(Block b) {
                LayerSpec.Combinator impl;
                try {
                    impl = b.expand(in);
                } catch (FieldError e) {
                    throw error(specPath, b, path, e);
                }
                Node n = Resolver.this.combinator(b, impl, in, path, name, specPath, true);
                return new Node(path, name, b.type(), specPath, b, impl, in, n.out(), n.params(), n.buffers(), n.macs(),
                        n.activations(), n.children());
            }
        });
    }

    private Node combinator(LayerSpec spec, LayerSpec.Combinator c, Shape in, String path, String name, String specPath,
            boolean expanded) {
        return c.accept(new LayerSpec.Combinator.Visitor<Node>() {
            @Override
            public Node sequential(Sequential s) {
                List<Node> children = list(s.layers(), in, path, specPath + (expanded ? "" : ".layers"), expanded,
                        Naming.BY_INDEX);
                return combine(path, name, spec.type(), specPath, spec, s, in, children.get(children.size() - 1).out(), 0,
                        children);
            }

            @Override
            public Node residual(Residual r) {
                return Resolver.this.residual(spec, r, in, path, name, specPath, expanded);
            }

            @Override
            public Node concat(Concat cat) {
                return Resolver.this.concat(spec, cat, in, path, name, specPath, expanded);
            }
        });
    }

    private Node primitive(LayerSpec spec, Primitive impl, Shape in, String path, String name, String specPath) {
        try {
            Shape out = impl.out(in);
            return new Node(path, name, spec.type(), specPath, spec, impl, in, out, impl.params(in), impl.buffers(in),
                    impl.macs(in, out), out.elements(), List.of());
        } catch (FieldError e) {
            throw error(specPath, spec, path, e);
        }
    }

    private Node residual(LayerSpec spec, Residual r, Shape in, String path, String name, String specPath,
            boolean expanded) {
        List<Node> children = list(r.body(), in, path, specPath + (expanded ? "" : ".body"), expanded, Naming.BY_KIND);
        Shape bodyOut = children.get(children.size() - 1).out();
        Shape shortcutOut = in;
        if (!r.shortcut().isEmpty()) {
            String scPath = join(path, "downsample");
            List<Node> sc = list(r.shortcut(), in, scPath, specPath + (expanded ? "" : ".shortcut"), expanded,
                    Naming.BY_INDEX);
            Sequential seq = new Sequential("downsample", r.shortcut());
            shortcutOut = sc.get(sc.size() - 1).out();
            children = new ArrayList<>(children);
            children.add(combine(scPath, "downsample", "shortcut", specPath, seq, seq, in, shortcutOut, 0, sc));
        }
        if (!bodyOut.equals(shortcutOut)) {
            throw new SpecException(source, specPath + (expanded ? "" : ".shortcut"), shortcutOut,
                    spec.type() + " '" + path + "': the body gives " + bodyOut + " but the shortcut gives " + shortcutOut
                            + (r.shortcut().isEmpty() ? " (identity); add a projection shortcut" : ""));
        }
        return combine(path, name, spec.type(), specPath, spec, r, in, bodyOut, bodyOut.elements(), children);
    }

    private Node concat(LayerSpec spec, Concat c, Shape in, String path, String name, String specPath, boolean expanded) {
        List<Node> branches = new ArrayList<>();
        int channels = 0;
        Shape first = null;
        for (int b = 0; b < c.branches().size(); b++) {
            String bName = "branch" + (b + 1);
            String bPath = join(path, bName);
            String bSpecPath = expanded ? specPath : specPath + ".branches[" + b + "]";
            List<Node> nodes = list(c.branches().get(b), in, bPath, bSpecPath, expanded, Naming.BY_KIND);
            Shape out = nodes.get(nodes.size() - 1).out();
            if (out.flat() || (first != null && (out.h() != first.h() || out.w() != first.w()))) {
                throw new SpecException(source, bSpecPath, out, "concat '" + path + "': branch " + (b + 1) + " gives "
                        + out + " but branches must give feature maps of one size" + (first == null ? "" : " (" + first + ")"));
            }
            first = first == null ? out : first;
            channels += out.c();
            Sequential seq = new Sequential(bName, c.branches().get(b));
            branches.add(combine(bPath, bName, "branch", bSpecPath, seq, seq, in, out, 0, nodes));
        }
        Shape out = first.withChannels(channels);
        return combine(path, name, spec.type(), specPath, spec, c, in, out, out.elements(), branches);
    }

    private Node combine(String path, String name, String type, String specPath, Object spec, LayerSpec.Combinator impl,
            Shape in, Shape out, long ownActivations, List<Node> children) {
        long params = 0, buffers = 0, macs = 0, acts = ownActivations;
        for (Node n : children) {
            params += n.params();
            buffers += n.buffers();
            macs += n.macs();
            acts += n.activations();
        }
        LayerSpec asSpec = spec instanceof LayerSpec l ? l : impl;
        return new Node(path, name, type, specPath, asSpec, impl, in, out, params, buffers, macs, acts, List.copyOf(children));
    }

    private List<String> names(List<LayerSpec> layers, String specPath, boolean expanded, Naming naming) {
        Set<String> explicit = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            String n = layers.get(i).name();
            if (n == null) {
                continue;
            }
            String at = (expanded ? specPath : specPath + "[" + i + "]") + ".name";
            if (!NAME.matcher(n).matches()) {
                throw new SpecException(source, at, n, "a layer name must be letters, digits and '_'");
            }
            if (!explicit.add(n)) {
                throw new SpecException(source, at, n, "the name is used twice in this list");
            }
        }
        Map<String, Integer> counters = new HashMap<>();
        Set<String> taken = new HashSet<>(explicit);
        List<String> names = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l.name() != null) {
                names.add(l.name());
                continue;
            }
            if (naming == Naming.BY_INDEX) {
                String n = Integer.toString(i);
                if (!taken.add(n)) {
                    throw new SpecException(source, specPath + "[" + i + "]", n, "the default name clashes with an explicit one");
                }
                names.add(n);
                continue;
            }
            String prefix = l.prefix();
            boolean single = l.single();
            String n;
            do {
                int k = counters.merge(prefix + (single ? "/single" : ""), 1, Integer::sum);
                n = single && k == 1 ? prefix : prefix + k;
            } while (!taken.add(n));
            names.add(n);
        }
        return names;
    }

    private SpecException error(String specPath, LayerSpec spec, String path, FieldError e) {
        String at = e.field() == null ? specPath : specPath.isEmpty() ? e.field() : specPath + "." + e.field();
        Object value = e.field() == null && e.value() == null ? null : e.value();
        return new SpecException(source, at, value, spec.type() + " '" + path + "': " + e.getMessage(), e);
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
