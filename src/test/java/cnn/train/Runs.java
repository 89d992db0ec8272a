package cnn.train;

import cnn.nn.Checkpoint;
import cnn.nn.Network;
import cnn.run.RunConfigs;
import cnn.run.RunState;
import cnn.spec.Resolver;
import cnn.zoo.Zoo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Training runs as `cnn train` starts them, for tests. */
final class Runs {
    private Runs() {}

    /** A new run of a config file with overrides, the model resolved as `cnn train --config` does. */
    static Trainer.Result fresh(Path config, List<String> overrides, PrintWriter out, BooleanSupplier stop) {
        RunConfigs.Loaded l = RunConfigs.load(config, overrides);
        Zoo.Loaded model = Zoo.forConfig(l.config().model(), l.source(), config);
        return Trainer.run(new Trainer.Request(new Trainer.Source.Fresh(l, model.spec(), model.source()), out, false, stop));
    }

    static Trainer.Result fresh(Path config, List<String> overrides) {
        return fresh(config, overrides, new PrintWriter(new StringWriter()), () -> false);
    }

    static Trainer.Result resume(Path runDir, List<String> overrides) {
        return Trainer.run(new Trainer.Request(new Trainer.Source.Resume(runDir, overrides),
                new PrintWriter(new StringWriter()), false, () -> false));
    }

    /** The parameters a checkpoint holds, read into the network its run state describes. */
    static float[] params(Path checkpoint) {
        Checkpoint.Info info = Checkpoint.info(checkpoint);
        RunState state = RunState.of(checkpoint, info);
        Network net = Network.build(Resolver.resolve(state.spec(), state.modelSource()), info.precision(), 0,
                state.spec().init());
        Checkpoint.load(checkpoint, net, null);
        return net.store().params().toFloatVector();
    }
}
