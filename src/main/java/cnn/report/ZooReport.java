package cnn.report;

import cnn.spec.SpecReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Renders the zoo catalogue for `cnn list`. */
public final class ZooReport {
    private ZooReport() {}

    /** One registered model. */
    public record Row(String name, String family, String input, int classes, long params, long macs, String paper) {}

    public static String render(List<Row> rows, Tables.Format format) {
        if (format == Tables.Format.JSON) {
            try {
                return SpecReader.jsonMapper().writeValueAsString(rows) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        Table t = Table.create("zoo").addColumns(
                StringColumn.create("model", rows.stream().map(Row::name)),
                StringColumn.create("family", rows.stream().map(Row::family)),
                StringColumn.create("input", rows.stream().map(Row::input)),
                IntColumn.create("classes", rows.stream().mapToInt(Row::classes).toArray()),
                LongColumn.create("params", rows.stream().mapToLong(Row::params).toArray()),
                LongColumn.create("MACs", rows.stream().mapToLong(Row::macs).toArray()));
        if (format != Tables.Format.CSV) {
            Tables.groupDigits(t);
        }
        return switch (format) {
            case TABLE -> Tables.console(t);
            case CSV -> Tables.csv(t);
            case MARKDOWN -> Tables.markdown(t);
            case JSON -> throw new IllegalStateException("handled above");
        };
    }
}
