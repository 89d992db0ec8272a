package cnn.spec;

import cnn.spec.LayerSpec.AvgPool;
import cnn.spec.LayerSpec.BatchNorm;
import cnn.spec.LayerSpec.Classifier;
import cnn.spec.LayerSpec.Conv;
import cnn.spec.LayerSpec.DepthwiseConv;
import cnn.spec.LayerSpec.Dropout;
import cnn.spec.LayerSpec.Flatten;
import cnn.spec.LayerSpec.GlobalAvgPool;
import cnn.spec.LayerSpec.LeakyRelu;
import cnn.spec.LayerSpec.Linear;
import cnn.spec.LayerSpec.Lrn;
import cnn.spec.LayerSpec.MaxPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The one-line architecture grammar `INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC`:
 *
 * <pre>
 * pattern = "INPUT" { "->" item }
 * item    = atom | "[" item { "->" item } "]" "*" count [ "(" args ")" ]
 * atom    = NAME [ "(" [ args ] ")" ]
 * args    = arg { "," arg }          arg = value | key "=" value
 * </pre>
 *
 * A group's arguments `widen=F, max=M` multiply the widths of every CONV and FC inside it by F per
 * repetition (capped at M), as VGG doubles its channels after each pool. The last item must be a bare
 * `FC`: the classifier, mapping to the spec's `classes`. A FLATTEN is inserted before the first FC
 * unless one is written.
 */
public final class PatternParser {
    private final String text;
    private final List<Token> tokens;
    private int pos;

    private PatternParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    /** The layers a pattern stands for; errors are {@link FieldError}s on the field `pattern`. */
    public static List<LayerSpec> parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new FieldError("pattern", "\"\"", "is empty; it starts with INPUT, e.g. \"INPUT -> CONV -> RELU -> FC\"");
        }
        PatternParser p = new PatternParser(pattern);
        List<Item> items = p.pattern();
        List<LayerSpec> layers = new ArrayList<>();
        for (Item item : items) {
            item.expand(IntUnaryOperator.identity(), layers);
        }
        Item lastItem = items.isEmpty() ? null : items.get(items.size() - 1);
        if (!(lastItem instanceof Atom a) || !a.name.equals("FC")) {
            throw p.error(p.tokens.get(p.tokens.size() - 1), "the pattern must end with FC, the classifier");
        }
        if (!a.args.isEmpty() && !(a.args.size() == 1 && a.args.containsKey("bias"))) {
            throw p.error(a.at, "the final FC maps to `classes`; give it no width");
        }
        layers.set(layers.size() - 1, new Classifier(null, a.bool("bias", true)));
        int firstFc = -1;
        for (int i = 0; i < layers.size() && firstFc < 0; i++) {
            if (layers.get(i) instanceof Flatten) {
                break;
            }
            if (layers.get(i) instanceof Linear || layers.get(i) instanceof Classifier) {
                firstFc = i;
            }
        }
        if (firstFc >= 0) {
            layers.add(firstFc, new Flatten(null));
        }
        return List.copyOf(layers);
    }

    // ------------------------------------------------------------------------------------ syntax tree

    private sealed interface Item {
        void expand(IntUnaryOperator width, List<LayerSpec> out);
    }

    private record Group(List<Item> items, int count, double widen, int max) implements Item {
        @Override
        public void expand(IntUnaryOperator width, List<LayerSpec> out) {
            for (int r = 0; r < count; r++) {
                double f = Math.pow(widen, r);
                IntUnaryOperator inner = w -> width.applyAsInt((int) Math.min(max, Math.round(w * f)));
                for (Item i : items) {
                    i.expand(inner, out);
                }
            }
        }
    }

    private final class Atom implements Item {
        final String name;
        final Token at;
        final Map<String, String> args;

        Atom(String name, Token at, Map<String, String> args) {
            this.name = name;
            this.at = at;
            this.args = args;
        }

        @Override
        public void expand(IntUnaryOperator width, List<LayerSpec> out) {
            out.add(layer(width));
        }

        private LayerSpec layer(IntUnaryOperator width) {
            try {
                return switch (name) {
                    case "CONV" -> {
                        allow("out", "k", "s", "p", "g", "bias");
                        Size2 k = Size2.of(integer("k", 3));
                        yield new Conv(null, width.applyAsInt(integer("out", 32)), k, Size2.of(integer("s", 1)),
                                args.containsKey("p") ? Padding.of(integer("p", 0)) : null, integer("g", 1), bool("bias", true));
                    }
                    case "DWCONV" -> {
                        allow("k", "s", "m", "bias");
                        yield new DepthwiseConv(null, Size2.of(integer("k", 3)), Size2.of(integer("s", 1)), null,
                                integer("m", 1), bool("bias", false));
                    }
                    case "BN" -> {
                        allow("eps", "momentum");
                        yield new BatchNorm(null, real("eps", 1e-5), real("momentum", 0.1));
                    }
                    case "LRN" -> {
                        allow("size", "alpha", "beta", "k");
                        yield new Lrn(null, integer("size", 5), real("alpha", 1e-4), real("beta", 0.75), real("k", 2.0));
                    }
                    case "RELU" -> bare(new LayerSpec.Relu(null));
                    case "RELU6" -> bare(new LayerSpec.Relu6(null));
                    case "TANH" -> bare(new LayerSpec.Tanh(null));
                    case "SIGMOID" -> bare(new LayerSpec.Sigmoid(null));
                    case "HARDSWISH" -> bare(new LayerSpec.Hardswish(null));
                    case "LRELU" -> {
                        allow("slope");
                        yield new LeakyRelu(null, real("slope", 0.01));
                    }
                    case "POOL", "MAXPOOL" -> {
                        allow("k", "s", "p", "ceil");
                        int k = integer("k", 2);
                        yield new MaxPool(null, Size2.of(k), Size2.of(integer("s", k)), Size2.of(integer("p", 0)),
                                bool("ceil", false));
                    }
                    case "AVGPOOL" -> {
                        allow("k", "s", "p", "ceil", "include_pad");
                        int k = integer("k", 2);
                        yield new AvgPool(null, Size2.of(k), Size2.of(integer("s", k)), Size2.of(integer("p", 0)),
                                bool("ceil", false), bool("include_pad", true));
                    }
                    case "GAP" -> bare(new GlobalAvgPool(null));
                    case "FLATTEN" -> bare(new Flatten(null));
                    case "DROPOUT" -> {
                        allow("p");
                        yield new Dropout(null, real("p", 0.5));
                    }
                    case "FC" -> {
                        allow("out", "bias");
                        yield new Linear(null, width.applyAsInt(integer("out", 128)), bool("bias", true));
                    }
                    default -> throw error(at, "unknown layer " + at.text + "; known: CONV, DWCONV, BN, LRN, RELU, RELU6,"
                            + " LRELU, TANH, SIGMOID, HARDSWISH, POOL, MAXPOOL, AVGPOOL, GAP, FLATTEN, DROPOUT, FC");
                };
            } catch (FieldError e) {
                if ("pattern".equals(e.field())) {
                    throw e;
                }
                throw error(at, name + ": " + (e.field() == null ? "" : e.field() + " = " + e.value() + " ") + e.getMessage());
            }
        }

        private LayerSpec bare(LayerSpec l) {
            allow();
            return l;
        }

        private void allow(String... keys) {
            List<String> ok = List.of(keys);
            for (String k : args.keySet()) {
                if (!ok.contains(k)) {
                    throw error(at, name + " takes " + (ok.isEmpty() ? "no arguments" : "(" + String.join(", ", ok) + ")")
                            + ", not " + (k.startsWith("#") ? "a " + ordinal(k) + " positional argument" : k));
                }
            }
        }

        private int integer(String key, int dflt) {
            String v = args.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw error(at, name + ": " + key + " must be an integer, not " + v);
            }
        }

        private double real(String key, double dflt) {
            String v = args.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw error(at, name + ": " + key + " must be a number, not " + v);
            }
        }

        boolean bool(String key, boolean dflt) {
            String v = args.get(key);
            if (v == null) {
                return dflt;
            }
            return switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error(at, name + ": " + key + " must be true or false, not " + v);
            };
        }
    }

    private static String ordinal(String key) {
        return switch (key) {
            case "#0" -> "first";
            case "#1" -> "second";
            default -> "further";
        };
    }

    /** The keyword each atom's positional arguments stand for, in order. */
    private static List<String> positional(String atom) {
        return switch (atom) {
            case "CONV" -> List.of("out", "k");
            case "DWCONV" -> List.of("k");
            case "LRN" -> List.of("size");
            case "LRELU" -> List.of("slope");
            case "POOL", "MAXPOOL", "AVGPOOL" -> List.of("k", "s");
            case "DROPOUT" -> List.of("p");
            case "FC" -> List.of("out");
            default -> List.of();
        };
    }

    // ------------------------------------------------------------------------------------ parser

    private List<Item> pattern() {
        Token first = next();
        if (!first.text.equalsIgnoreCase("INPUT")) {
            throw error(first, "the pattern must start with INPUT");
        }
        List<Item> items = new ArrayList<>();
        while (!atEnd()) {
            expect("->");
            items.add(item());
        }
        return items;
    }

    private Item item() {
        Token t = peek();
        if (t.text.equals("[")) {
            next();
            List<Item> items = new ArrayList<>();
            items.add(item());
            while (peek().text.equals("->")) {
                next();
                items.add(item());
            }
            if (!peek().text.equals("]")) {
                throw error(peek(), "expected -> or ] but found " + describe(peek()));
            }
            next();
            expect("*");
            Token n = next();
            int count = parseCount(n);
            Map<String, String> args = peek().text.equals("(") ? args(List.of()) : Map.of();
            for (String k : args.keySet()) {
                if (!k.equals("widen") && !k.equals("max")) {
                    throw error(n, "a group takes (widen=F, max=M), not " + (k.startsWith("#") ? "positional arguments" : k));
                }
            }
            double widen = args.containsKey("widen") ? parsePositive(n, "widen", args.get("widen")) : 1.0;
            int max = args.containsKey("max") ? (int) parsePositive(n, "max", args.get("max")) : Integer.MAX_VALUE;
            return new Group(items, count, widen, max);
        }
        if (t.kind != Kind.WORD) {
            throw error(t, "expected a layer or [ but found " + describe(t));
        }
        next();
        String name = t.text.toUpperCase(Locale.ROOT);
        Map<String, String> args = peek().text.equals("(") ? args(positional(name)) : Map.of();
        return new Atom(name, t, args);
    }

    private Map<String, String> args(List<String> positional) {
        expect("(");
        Map<String, String> args = new LinkedHashMap<>();
        if (peek().text.equals(")")) {
            next();
            return args;
        }
        int index = 0;
        boolean keywords = false;
        while (true) {
            Token v = next();
            if (v.kind == Kind.END || v.kind == Kind.PUNCT) {
                throw error(v, "expected an argument but found " + describe(v));
            }
            String key;
            String value;
            if (peek().text.equals("=")) {
                next();
                Token val = next();
                if (val.kind == Kind.END || val.kind == Kind.PUNCT) {
                    throw error(val, "expected a value after " + v.text + "= but found " + describe(val));
                }
                key = v.text.toLowerCase(Locale.ROOT);
                value = val.text.toLowerCase(Locale.ROOT);
                keywords = true;
            } else {
                if (keywords) {
                    throw error(v, "a positional argument cannot follow a keyword argument");
                }
                key = index < positional.size() ? positional.get(index) : "#" + index;
                value = v.text.toLowerCase(Locale.ROOT);
                index++;
            }
            if (args.put(key, value) != null) {
                throw error(v, "argument " + key + " is given twice");
            }
            Token sep = next();
            if (sep.text.equals(")")) {
                return args;
            }
            if (!sep.text.equals(",")) {
                throw error(sep, "expected , or ) but found " + describe(sep));
            }
        }
    }

    private int parseCount(Token n) {
        if (n.kind != Kind.NUMBER) {
            throw error(n, "expected a repeat count after * but found " + describe(n));
        }
        try {
            int c = Integer.parseInt(n.text);
            if (c < 1) {
                throw error(n, "a repeat count must be at least 1");
            }
            return c;
        } catch (NumberFormatException e) {
            throw error(n, "a repeat count must be a whole number, not " + n.text);
        }
    }

    private double parsePositive(Token at, String key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (d > 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(at, key + " must be a positive number, not " + v);
    }

    private void expect(String punct) {
        Token t = next();
        if (!t.text.equals(punct)) {
            throw error(t, "expected " + punct + " but found " + describe(t));
        }
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.END) {
            pos++;
        }
        return t;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private boolean atEnd() {
        return peek().kind == Kind.END;
    }

    private static String describe(Token t) {
        return t.kind == Kind.END ? "the end" : "'" + t.text + "'";
    }

    private FieldError error(Token at, String problem) {
        int from = Math.max(0, at.col - 12);
        int to = Math.min(text.length(), at.col + 12);
        String near = (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
        return new FieldError("pattern", "\"" + near + "\"", "column " + (at.col + 1) + ": " + problem);
    }

    // ------------------------------------------------------------------------------------ lexer

    private enum Kind { WORD, NUMBER, PUNCT, END }

    private record Token(Kind kind, String text, int col) {}

    private List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("->", i)) {
                out.add(new Token(Kind.PUNCT, "->", i));
                i += 2;
            } else if ("[]*(),=".indexOf(c) >= 0) {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i));
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Kind.WORD, s.substring(i, j), i));
                i = j;
            } else if (Character.isDigit(c) || c == '.' || c == '-') {
                int j = i + 1;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || ".eE".indexOf(s.charAt(j)) >= 0
                        || ((s.charAt(j) == '-' || s.charAt(j) == '+') && "eE".indexOf(s.charAt(j - 1)) >= 0))) {
                    j++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(i, j), i));
                i = j;
            } else {
                throw new FieldError("pattern", "\"" + c + "\"", "column " + (i + 1) + ": unexpected character");
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }
}
