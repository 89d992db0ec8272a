package cnn.cli;

import cnn.zoo.Zoo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Parse and shape-check model specs; print the first error with its file, path and value.",
        footer = {"", "Examples:", "  cnn validate models/*.yaml", "  cnn validate my_net.json"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Spec files (.yaml, .yml, .json) or zoo names.")
    List<String> specs;

    @Override
    public Integer call() {
        for (String s : specs) {
            Zoo.Resolved r = Zoo.resolve(s, null, null);
            spec.commandLine().getOut().printf("ok: %s: %s %s -> %s, %,d params, %,d MACs%n", r.source(), r.spec().name(),
                    r.root().in(), r.root().out(), r.root().params(), r.root().macs());
        }
        return 0;
    }
}
