package cnn.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Plain rows as CSV text: a header line, then one line per row, each ending in {@code \n}. A number is written as
 * Java prints it ({@code Double.toString}: {@code 0.1}, {@code 1.0E-4}), null and NaN as an empty field (a missing value), text quoted only
 * when it holds a comma, a quote or a line break (RFC 4180). This is what tablesaw writes for the same rows, so the
 * files a run writes look the same whether or not the code that writes them uses tablesaw.
 */
public final class Csv {
    private Csv() {}

    public static String of(List<String> columns, List<Object[]> rows) {
        StringBuilder sb = new StringBuilder();
        line(sb, columns.toArray());
        for (Object[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalArgumentException("a row of " + r.length + " cells under " + columns.size() + " columns");
            }
            line(sb, r);
        }
        return sb.toString();
    }

    /** {@link #of} written to {@code file} through {@link AtomicFile}. */
    public static void write(Path file, List<String> columns, List<Object[]> rows) {
        AtomicFile.write(file, of(columns, rows));
    }

    private static void line(StringBuilder sb, Object[] cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(cells[i]));
        }
        sb.append('\n');
    }

    private static String field(Object cell) {
        if (cell == null || cell instanceof Double d && d.isNaN() || cell instanceof Float f && f.isNaN()) {
            return "";
        }
        String s = cell.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
