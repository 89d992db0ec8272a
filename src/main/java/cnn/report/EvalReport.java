package cnn.report;

import cnn.run.RunDir;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders `cnn eval`'s results: a summary, per-class precision/recall/F1/support, and the confusion matrix. */
public final class EvalReport {
    private EvalReport() {}

    /** Top-line numbers of one evaluation. */
    public record Summary(String model, String checkpoint, int epoch, String dataset, String split, long images, double loss,
            double top1, double top5) {}

    /** One class's row. */
    public record ClassRow(String name, double precision, double recall, double f1, long support) {}

    record Json(Summary summary, List<ClassRow> classes, long[][] confusion) {}

    public static String render(Summary s, List<ClassRow> classes, long[][] confusion, Tables.Format format) {
        return switch (format) {
            case JSON -> json(s, classes, confusion);
            case CSV -> Tables.csv(Tables.of("classes", classColumns(), classRows(classes)));
            case MARKDOWN -> "### " + title(s) + "\n\n" + Tables.markdown(Tables.of("classes", classColumns(), classRows(classes)))
                    + "\nconfusion (rows: true class, columns: predicted)\n\n"
                    + Tables.markdown(confusionTable(classes, confusion));
            case TABLE -> title(s) + "\n" + String.format(Locale.ROOT, "loss %.4f   top-1 %.2f%%   top-5 %.2f%%   images %d%n%n",
                    s.loss(), 100 * s.top1(), 100 * s.top5(), s.images())
                    + Tables.console("per class", classColumns(), classRows(classes))
                    + "\nconfusion matrix (rows: true class, columns: predicted)\n"
                    + Tables.console(confusionTable(classes, confusion));
        };
    }

    /** Writes the per-class table (with an `all` row) and the confusion matrix of the split into the run directory. */
    public static List<Path> write(Summary s, List<ClassRow> classes, long[][] confusion, RunDir dir) {
        Path perClass = dir.evalTable(s.split());
        Path conf = dir.confusion(s.split());
        List<Object[]> rows = new ArrayList<>(classRows(classes));
        rows.add(new Object[] {"all (top-1 " + fmt(s.top1()) + ", top-5 " + fmt(s.top5()) + ", loss " + fmt(s.loss()) + ")",
            macro(classes, ClassRow::precision), macro(classes, ClassRow::recall), macro(classes, ClassRow::f1), s.images()});
        cnn.io.Csv.write(perClass, classColumns(), rows);
        Tables.writeCsv(confusionTable(classes, confusion), conf);
        return List.of(perClass, conf);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static double macro(List<ClassRow> rows, java.util.function.ToDoubleFunction<ClassRow> f) {
        return rows.stream().mapToDouble(f).average().orElse(0);
    }

    private static String title(Summary s) {
        return s.model() + " (" + s.checkpoint() + ", epoch " + s.epoch() + ") on " + s.dataset() + " " + s.split();
    }

    private static List<String> classColumns() {
        return List.of("class", "precision", "recall", "f1", "support");
    }

    private static List<Object[]> classRows(List<ClassRow> classes) {
        return classes.stream().map(c -> new Object[] {c.name(), c.precision(), c.recall(), c.f1(), c.support()}).toList();
    }

    private static tech.tablesaw.api.Table confusionTable(List<ClassRow> classes, long[][] confusion) {
        List<String> cols = new ArrayList<>();
        cols.add("true \\ predicted");
        classes.forEach(c -> cols.add(c.name()));
        List<Object[]> rows = new ArrayList<>();
        for (int t = 0; t < confusion.length; t++) {
            Object[] row = new Object[confusion.length + 1];
            row[0] = classes.get(t).name();
            for (int p = 0; p < confusion.length; p++) {
                row[p + 1] = confusion[t][p];
            }
            rows.add(row);
        }
        return Tables.of("confusion", cols, rows);
    }

    private static String json(Summary s, List<ClassRow> classes, long[][] confusion) {
        try {
            return SpecReader.jsonMapper().writeValueAsString(new Json(s, classes, confusion)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
