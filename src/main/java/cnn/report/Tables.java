package cnn.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        writeAtomically(file, csv(t));
    }

    public static void writeAtomically(Path file, String content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
