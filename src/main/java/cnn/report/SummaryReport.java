package cnn.report;

import cnn.spec.SpecReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Renders a {@link ModelSummary} as a console table, CSV, Markdown or JSON. */
public final class SummaryReport {
    private SummaryReport() {}

    /** Layers nested deeper than `maxDepth` are folded into their parents (which carry subtree totals). */
    public static String render(ModelSummary s, Tables.Format format, int maxDepth) {
        List<ModelSummary.Row> rows = s.layers().stream().filter(r -> r.depth() <= maxDepth).toList();
        return switch (format) {
            case TABLE -> title(s) + "\n" + Tables.console(table(s, rows, true)) + "\n\n" + totals(s);
            case CSV -> Tables.csv(table(s, rows, false));
            case MARKDOWN -> "### " + title(s) + "\n\n" + Tables.markdown(table(s, rows, true)) + "\n" + totals(s)
                    .lines().map(l -> "- " + l.strip()).reduce("", (a, b) -> a + b + "\n");
            case JSON -> json(s);
        };
    }

    private static String title(ModelSummary s) {
        return s.model() + " (" + s.source() + "): input " + s.input() + ", " + s.classes() + " classes";
    }

    private static Table table(ModelSummary s, List<ModelSummary.Row> rows, boolean indent) {
        StringColumn layer = StringColumn.create(indent ? "layer" : "path");
        StringColumn type = StringColumn.create("type");
        StringColumn out = StringColumn.create("output");
        LongColumn params = LongColumn.create("params");
        LongColumn macs = LongColumn.create("MACs");
        LongColumn flops = LongColumn.create("FLOPs (2 x MACs)");
        LongColumn act = LongColumn.create("activations (bytes)");
        IntColumn depth = IntColumn.create("depth");
        for (ModelSummary.Row r : rows) {
            layer.append(indent ? "  ".repeat(r.depth() - 1) + r.path() : r.path());
            type.append(r.type());
            out.append(r.output());
            params.append(r.params());
            macs.append(r.macs());
            flops.append(r.flops());
            act.append(r.activationBytes());
            depth.append(r.depth());
        }
        if (indent) {
            Table t = Table.create(s.model()).addColumns(layer, type, out, params, macs, flops, act);
            Tables.groupDigits(t);
            return t;
        }
        return Table.create(s.model()).addColumns(layer, type, depth, out, params, macs, flops, act);
    }

    private static String totals(ModelSummary s) {
        StringBuilder sb = new StringBuilder();
        line(sb, "params", count(s.params()) + " (trainable " + count(s.trainableParams()) + ")");
        line(sb, "buffers", count(s.buffers()) + " (batch-norm running statistics; not parameters)");
        line(sb, "MACs", count(s.macs()) + " per image (convolutions and linear layers)");
        line(sb, "FLOPs", count(s.flops()) + " per image (= 2 x MACs)");
        line(sb, "param memory", bytes(s.paramBytes()) + " (float32, params + buffers)");
        line(sb, "activations", bytes(s.activationBytesPerImage()) + " per image (input and every layer output, forward)");
        line(sb, "training memory", "~" + bytes(s.trainingBytes()) + " at batch " + s.batch() + " with " + s.optimizer()
                + " (weights + gradients + optimizer state + batch x activations x 2 for their gradients)");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.US, "%-16s %s%n", key + ":", value));
    }

    static String count(long n) {
        String exact = String.format(Locale.US, "%,d", n);
        if (n >= 1_000_000_000L) {
            return exact + String.format(Locale.US, " (%.2f G)", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return exact + String.format(Locale.US, " (%.2f M)", n / 1e6);
        }
        return exact;
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.US, "%.2f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.US, "%.2f MiB", b / (double) (1L << 20));
        }
        return String.format(Locale.US, "%.1f KiB", b / 1024.0);
    }

    private static String json(ModelSummary s) {
        try {
            return SpecReader.jsonMapper().writeValueAsString(s) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
