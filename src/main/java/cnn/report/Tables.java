package cnn.report;

import cnn.io.AtomicFile;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.text.NumberFormat;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.io.csv.CsvWriteOptions;

/** Renders tablesaw tables for the console, as CSV and as Markdown, and writes CSV files atomically. */
public final class Tables {
    private Tables() {}

    /** The output formats every table-printing command accepts. */
    public enum Format { TABLE, CSV, MARKDOWN, JSON }

    /** tablesaw's console layout, with text columns left-aligned (it right-aligns everything). */
    public static String console(Table t) {
        Table copy = t.copy();
        for (Column<?> c : List.copyOf(copy.columns())) {
            if (c.type() == ColumnType.STRING) {
                StringColumn s = (StringColumn) c;
                int width = Math.max(s.name().length(), s.asList().stream().mapToInt(String::length).max().orElse(0));
                copy.replaceColumn(s.name(), s.map(v -> v + " ".repeat(width - v.length())));
            }
        }
        return copy.printAll() + "\n";
    }

    /**
     * A table from plain rows, for callers that do not use tablesaw themselves: each column is text, integer
     * (Integer/Long) or decimal (Double, null for a missing value), by the type of its first non-null cell.
     */
    public static Table of(String title, List<String> columns, List<Object[]> rows) {
        Table t = Table.create(title);
        for (int c = 0; c < columns.size(); c++) {
            final int col = c;
            Object sample = rows.stream().map(r -> r[col]).filter(java.util.Objects::nonNull).findFirst().orElse("");
            String name = columns.get(c);
            if (sample instanceof Integer || sample instanceof Long) {
                t.addColumns(tech.tablesaw.api.LongColumn.create(name,
                        rows.stream().mapToLong(r -> ((Number) r[col]).longValue()).toArray()));
            } else if (sample instanceof Double || sample instanceof Float) {
                tech.tablesaw.api.DoubleColumn d = tech.tablesaw.api.DoubleColumn.create(name);
                rows.forEach(r -> {
                    if (r[col] == null) {
                        d.appendMissing();
                    } else {
                        d.append(((Number) r[col]).doubleValue());
                    }
                });
                t.addColumns(d);
            } else {
                t.addColumns(StringColumn.create(name, rows.stream().map(r -> r[col] == null ? "" : r[col].toString())));
            }
        }
        return t;
    }

    /** Four significant digits (0.6709, 838.6, 0.000245), which java.text.DecimalFormat has no pattern for. */
    private static final NumberFormat SIGNIFICANT_4 = new NumberFormat() {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            if (!Double.isFinite(v)) {
                return to.append(v);
            }
            return to.append(new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString());
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(v);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("format only");
        }
    };

    /** {@link #of} for the console, decimals to four significant digits. */
    public static String console(String title, List<String> columns, List<Object[]> rows) {
        Table t = of(title, columns, rows);
        for (Column<?> c : t.columns()) {
            if (c instanceof tech.tablesaw.api.DoubleColumn d) {
                d.setPrintFormatter(new NumberColumnFormatter(SIGNIFICANT_4));
            }
        }
        groupDigits(t);
        return console(t);
    }

    /** Prints every integer column with thousands separators (`25,557,032`). */
    public static void groupDigits(Table t) {
        for (Column<?> c : t.columns()) {
            if (c instanceof NumericColumn<?> n && (c.type() == ColumnType.LONG || c.type() == ColumnType.INTEGER)) {
                n.setPrintFormatter(new NumberColumnFormatter(NumberFormat.getIntegerInstance(Locale.US)));
            }
        }
    }

    public static String csv(Table t) {
        StringWriter w = new StringWriter();
        t.write().csv(CsvWriteOptions.builder(w).build());
        return w.toString();
    }

    public static String markdown(Table t) {
        StringBuilder sb = new StringBuilder();
        List<String> names = t.columnNames();
        sb.append("| ").append(String.join(" | ", names)).append(" |\n|");
        for (Column<?> c : t.columns()) {
            sb.append(c.type() == ColumnType.STRING ? "---|" : "---:|");
        }
        sb.append('\n');
        for (Row r : t) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < t.columnCount(); i++) {
                cells.add(t.column(i).getString(r.getRowNumber()).replace("|", "\\|"));
            }
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return sb.toString();
    }

    /** Writes the table as CSV through a temporary file and an atomic rename: readers never see half a file. */
    public static void writeCsv(Table t, Path file) {
        AtomicFile.write(file, csv(t));
    }

}
