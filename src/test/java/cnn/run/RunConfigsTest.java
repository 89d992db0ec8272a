package cnn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.spec.SpecException;
import cnn.zoo.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigsTest {
    @TempDir
    Path dir;

    private static final String BASE = """
            model: lenet5_mnist
            dataset: fashion-mnist
            epochs: 3
            batch_size: 64
            optimizer: {type: sgd, lr: 0.01, momentum: 0.9}
            lr_schedule: {type: multistep, milestones: [2, 3]}
            output_dir: runs/x
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsAreFilledIn() throws IOException {
        RunConfig c = RunConfigs.load(write("a.yaml", BASE), List.of()).config();
        assertEquals("datasets", c.dataDir());
        assertEquals(0L, c.seed());
        assertEquals(0.0, c.labelSmoothing());
        assertEquals(0, c.augment().cropPadding());
        cnn.nn.optim.Sgd sgd = assertInstanceOf(cnn.nn.optim.Sgd.class, c.optimizer());
        assertEquals(0.9, sgd.momentum());
        assertEquals(RunConfig.Unit.EPOCH, c.lrSchedule().unit());
    }

    @Test
    void overridesReachAnyKeyAndAreCheckedLikeTheFile() throws IOException {
        Path f = write("a.yaml", BASE);
        RunConfig c = RunConfigs.load(f, List.of("epochs=5", "optimizer.lr=0.05", "lr_schedule.milestones=[1, 4]",
                "augment.flip=true", "early_stopping={metric: val_acc, patience: 2}")).config();
        assertEquals(5, c.epochs());
        assertEquals(0.05, c.optimizer().lr());
        assertEquals(List.of(1L, 4L), ((RunConfig.ScheduleSpec.MultiStepDecay) c.lrSchedule()).milestones());
        assertTrue(c.augment().flip());
        assertEquals(RunConfig.Metric.VAL_ACC, c.earlyStopping().metric());
        SpecException e = assertThrows(SpecException.class, () -> RunConfigs.load(f, List.of("optimizer.lr=fast")));
        assertTrue(e.getMessage().contains("optimizer.lr = \"fast\"") && e.getMessage().contains("optimizer.lr=fast"), e.getMessage());
        SpecException swap = assertThrows(SpecException.class,
                () -> RunConfigs.load(f, List.of("optimizer={type: adam, lr: 0.001, momentum: 0.9}")));
        assertTrue(swap.getMessage().contains("optimizer.momentum") && swap.getMessage().contains("unknown key"), swap.getMessage());
    }

    @Test
    void badConfigsNameTheFieldAndValue() throws IOException {
        record Case(String edit, String path) {}
        for (Case c : List.of(new Case("epochs=0", "epochs = 0"), new Case("optimizer.type=lion", "optimizer.type = lion"),
                new Case("lr_schedule.milestones=[3, 2]", "lr_schedule.milestones = [3, 2]"),
                new Case("validation_split=1.5", "validation_split = 1.5"), new Case("optimizer.momentum=1.2", "optimizer.momentum = 1.2"),
                new Case("label_smoothing=-0.1", "label_smoothing = -0.1"), new Case("batch_size=big", "batch_size = \"big\""),
                new Case("optimizer={type: sgd, lr: 0.1, nesterov: true}", "optimizer.nesterov = true"), new Case("seeds=3", "seeds"),
                new Case("early_stopping.metric=val_f1", "early_stopping.metric = val_f1"))) {
            Path f = write("b.yaml", BASE);
            SpecException e = assertThrows(SpecException.class, () -> RunConfigs.load(f, List.of(c.edit())), c.edit());
            assertTrue(e.getMessage().contains(c.path()), c.edit() + " -> " + e.getMessage());
        }
        SpecException missing = assertThrows(SpecException.class, () -> RunConfigs.load(write("c.yaml", "model: lenet5\n"), List.of()));
        assertTrue(missing.getMessage().contains("dataset"), missing.getMessage());
    }

    @Test
    void cnnTrainRejectsABadConfigWithOneLineAndStatusTwo() throws IOException {
        Path f = write("bad.yaml", BASE.replace("epochs: 3", "epochs: three"));
        cnn.testing.Cli r = cnn.testing.Cli.run("train", "--config", f.toString());
        assertEquals(2, r.status());
        assertEquals("cnn: " + f + ": epochs = \"three\": wrong type: expected an integer", r.err().strip());
        cnn.testing.Cli set = cnn.testing.Cli.run("train", "--config", write("ok.yaml", BASE).toString(), "--set", "optimizer.lr");
        assertEquals(2, set.status());
        assertTrue(set.err().contains("key=value"), set.err());
        cnn.testing.Cli model = cnn.testing.Cli.run("train", "--config", write("m.yaml", BASE.replace("lenet5_mnist", "lenet5"))
                .toString(), "--set", "data_dir=" + dir.resolve("nodata"));
        assertEquals(2, model.status());
        assertTrue(model.err().contains("[1, 32, 32]") && model.err().contains("fashion-mnist"), model.err());
    }

    @Test
    void inlineModelsAreCheckedUnderModel() throws IOException {
        Path f = write("d.yaml", BASE.replace("model: lenet5_mnist", """
                model:
                  name: tiny
                  input: [1, 28, 28]
                  classes: 10
                  pattern: "INPUT -> CONV(8) -> RELU -> POOL -> FC"
                """));
        RunConfigs.Loaded l = RunConfigs.load(f, List.of());
        assertEquals("tiny", model(l, f).spec().name());
        Path bad = write("e.yaml", BASE.replace("model: lenet5_mnist", """
                model:
                  name: tiny
                  input: [1, 28, 28]
                  classes: 10
                  layers: [{type: conv, out: -8, kernel: 3}]
                """));
        RunConfigs.Loaded lb = RunConfigs.load(bad, List.of());
        SpecException e = assertThrows(SpecException.class, () -> model(lb, bad));
        assertTrue(e.getMessage().contains("model.layers[0].out = -8"), e.getMessage());
        SpecException unknown = assertThrows(SpecException.class,
                () -> model(RunConfigs.load(f, List.of("model=lenet7")), f));
        assertTrue(unknown.getMessage().contains("model = lenet7") && unknown.getMessage().contains("lenet5"), unknown.getMessage());
    }

    @Test
    void specFilesResolveAgainstTheConfigDirectoryToo() throws IOException {
        Files.writeString(dir.resolve("net.yaml"), "name: net\ninput: [1, 28, 28]\nclasses: 10\npattern: \"INPUT -> FC\"\n");
        Path f = write("f.yaml", BASE.replace("model: lenet5_mnist", "model: net.yaml"));
        assertEquals("net", model(RunConfigs.load(f, List.of()), f).spec().name());
    }

    /** The model a loaded config names, as `cnn train` resolves it. */
    private static Zoo.Loaded model(RunConfigs.Loaded l, Path file) {
        return Zoo.forConfig(l.config().model(), l.source(), file);
    }
}
