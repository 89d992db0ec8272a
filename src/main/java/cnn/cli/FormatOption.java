package cnn.cli;

import cnn.report.Tables;
import picocli.CommandLine.Option;

/** `--format table|csv|markdown|json`, shared by every command that prints a table. */
final class FormatOption {
    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "Output format: table, csv, markdown or json (default: ${DEFAULT-VALUE}).")
    Tables.Format format;
}
