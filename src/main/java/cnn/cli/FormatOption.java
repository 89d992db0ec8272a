package cnn.cli;

import cnn.report.Tables;
import picocli.CommandLine.Option;

/** `--format table|csv|markdown|json`, shared by every command that prints a table. */
final class FormatOption {
    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "Output format: table, csv, markdown or json (default: ${DEFAULT-VALUE}).",
            converter = FormatConverter.class)
    Tables.Format format;

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Tables.Format> {
        @Override
        public Tables.Format convert(String value) {
            return Tables.Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
