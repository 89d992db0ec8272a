package cnn.cli;

import cnn.report.Tables;
import cnn.report.ZooReport;
import cnn.zoo.Zoo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "The model zoo: every registered model with its family, input, classes, parameters and MACs.",
        footer = {"", "Examples:", "  cnn list", "  cnn list --format markdown"})
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        List<ZooReport.Row> rows = Zoo.catalog().stream().map(r -> new ZooReport.Row(r.spec().name(),
                Zoo.entry(r.spec().name()).orElseThrow().family(), r.root().in().toString(), r.spec().classes(),
                r.root().params(), r.root().macs(), r.spec().paper())).toList();
        spec.commandLine().getOut().print(ZooReport.render(rows, format.format));
        return 0;
    }
}
