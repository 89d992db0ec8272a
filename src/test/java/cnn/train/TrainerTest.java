package cnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnn.io.BadInputException;
import cnn.run.EpochRecord;
import cnn.run.RunDir;
import cnn.run.RunState;
import cnn.testing.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training runs on the real Fashion-MNIST files (Debian's dataset-fashion-mnist, which .ci/run installs),
 * shortened with seeded subsets: determinism, bit-identical resume after an interruption, divergence,
 * early stopping, and the files a run leaves.
 */
class TrainerTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    @BeforeAll
    static void fashionMnistIsInstalled() {
        assumeTrue(Files.isDirectory(FASHION), "dataset-fashion-mnist is not installed (.ci/run installs it)");
    }

    private Path config(String extra) throws IOException {
        Path f = dir.resolve("run.yaml");
        Files.writeString(f, """
                model: lenet5_mnist
                dataset: fashion-mnist
                data_dir: %s
                epochs: 3
                batch_size: 64
                optimizer: {type: sgd, lr: 0.02, momentum: 0.9, weight_decay: 0.0005}
                lr_schedule: {type: cosine}
                validation_split: 256
                subset: {train: 1280, test: 512}
                seed: 3
                threads: 2
                output_dir: %s
                """.formatted(dir.resolve("data"), dir.resolve("run")) + extra);
        return f;
    }

    private static Trainer.Result train(Path config, List<String> overrides, BooleanSupplier stop) {
        return Runs.fresh(config, overrides, new PrintWriter(new StringWriter()), stop);
    }

    private static Trainer.Result resume(Path runDir, List<String> overrides) {
        return Runs.resume(runDir, overrides);
    }

    private static float[] params(Path checkpoint) {
        return Runs.params(checkpoint);
    }

    @Test
    void aRunLeavesItsFilesAndTheSameSeedGivesTheSameMetrics() throws IOException {
        Path cfg = config("");
        Trainer.Result a = train(cfg, List.of("output_dir=" + dir.resolve("a")), () -> false);
        Trainer.Result b = train(cfg, List.of("output_dir=" + dir.resolve("b")), () -> false);
        assertEquals(Trainer.Status.COMPLETED, a.status());
        for (String f : List.of("config.yaml", "model.yaml", "last.ckpt", "best.ckpt", "metrics.csv", "timing.csv", "run.json")) {
            assertTrue(Files.isRegularFile(a.dir().dir().resolve(f)), f);
        }
        List<String> metrics = Files.readAllLines(a.dir().metrics());
        assertEquals("epoch,train_loss,train_acc,val_loss,val_acc,lr", metrics.get(0));
        assertEquals(4, metrics.size());
        assertEquals(metrics, Files.readAllLines(b.dir().metrics()), "same config and seed, same metrics");
        assertArrayEquals(params(a.dir().last()), params(b.dir().last()));
        EpochRecord last = a.history().get(2);
        assertTrue(last.trainLoss() < a.history().get(0).trainLoss(), "the loss falls");
        assertTrue(a.test().top1() > 0.4, "test accuracy " + a.test().top1() + " (chance: 0.1)");
        String run = Files.readString(a.dir().record());
        for (String key : List.of("\"status\" : \"completed\"", "\"seed\" : 3", "\"sha256\"", "\"cpu\"", "\"nd4j\"", "\"test\"")) {
            assertTrue(run.contains(key), key + " in run.json");
        }
        Trainer.Result other = train(cfg, List.of("output_dir=" + dir.resolve("c"), "seed=4"), () -> false);
        assertTrue(!metrics.equals(Files.readAllLines(other.dir().metrics())), "another seed, other metrics");
    }

    @Test
    void anInterruptedRunResumesToTheSameParametersBitForBit() throws IOException {
        // Dropout, batch norm and augmentation: every kind of random and running state a checkpoint must carry.
        Path cfg = config("augment: {crop_padding: 2, flip: true}\n").resolveSibling("run.yaml");
        Files.writeString(cfg, Files.readString(cfg).replace("model: lenet5_mnist", "model: {name: drop, input: [1, 28, 28],"
                + " classes: 10, pattern: \"INPUT -> CONV(8) -> BN -> RELU -> POOL -> DROPOUT(0.3) -> FC(32) -> RELU -> DROPOUT -> FC\"}"));
        Trainer.Result whole = train(cfg, List.of("output_dir=" + dir.resolve("whole")), () -> false);
        int perEpoch = (1280 - 256 + 63) / 64;
        AtomicInteger polls = new AtomicInteger();
        Trainer.Result cut = train(cfg, List.of("output_dir=" + dir.resolve("cut")),
                () -> polls.incrementAndGet() == 2 * perEpoch + 5);
        assertEquals(Trainer.Status.INTERRUPTED, cut.status());
        assertEquals(2, cut.history().size(), "two whole epochs kept");
        assertEquals(1, RunState.read(new RunDir(dir.resolve("cut")).last()).epoch(), "last checkpoint is epoch 2");
        Trainer.Result resumed = resume(dir.resolve("cut"), List.of());
        assertEquals(Trainer.Status.COMPLETED, resumed.status());
        assertArrayEquals(params(whole.dir().last()), params(resumed.dir().last()));
        assertEquals(Files.readAllLines(whole.dir().metrics()),
                Files.readAllLines(resumed.dir().metrics()));
        BadInputException e = assertThrows(BadInputException.class, () -> resume(dir.resolve("cut"), List.of("seed=9")));
        assertTrue(e.getMessage().contains("only epochs"), e.getMessage());
        Trainer.Result longer = resume(dir.resolve("cut"), List.of("epochs=4"));
        assertEquals(4, longer.history().size());
    }

    @Test
    void aDivergingLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path cfg = config("");
        RunFailedException e = assertThrows(RunFailedException.class, () -> train(cfg,
                List.of("lr_schedule={type: multistep, milestones: [1], gamma: 1.0e9}"), () -> false));
        assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("diverged")
                && e.getMessage().contains("epoch 1"), e.getMessage());
        Path last = new RunDir(dir.resolve("run")).last();
        assertEquals(0, RunState.read(last).epoch());
        for (float v : params(last)) {
            assertTrue(Float.isFinite(v));
        }
        assertTrue(Files.readString(dir.resolve("run").resolve("run.json")).contains("\"status\" : \"diverged\""));
        Cli r = Cli.run("train", "--config", cfg.toString(), "--output-dir", dir.resolve("cli").toString(),
                "--set", "lr_schedule={type: multistep, milestones: [1], gamma: 1.0e9}");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("cnn: the loss is") && r.err().strip().lines().count() == 1, r.err());
    }

    @Test
    void earlyStoppingEndsARunThatStopsImproving() throws IOException {
        Trainer.Result r = train(config("early_stopping: {metric: val_acc, patience: 1}\n"),
                List.of("optimizer.lr=1e-12", "epochs=5"), () -> false);
        assertEquals(Trainer.Status.EARLY_STOPPED, r.status());
        assertEquals(2, r.history().size());
        assertEquals(1, r.bestEpoch());
    }

    @Test
    void aRunDirectoryIsNeverOverwritten() throws IOException {
        Path cfg = config("");
        train(cfg, List.of("epochs=1"), () -> false);
        byte[] before = Files.readAllBytes(new RunDir(dir.resolve("run")).last());
        Cli r = Cli.run("train", "--config", cfg.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("already holds a run") && r.err().contains("--resume"), r.err());
        assertArrayEquals(before, Files.readAllBytes(new RunDir(dir.resolve("run")).last()));
    }

    @Test
    void evalScoresTheCheckpointWithPerClassTablesAndTheConfusionMatrix() throws IOException {
        Path cfg = config("");
        Trainer.Result t = train(cfg, List.of("epochs=1"), () -> false);
        Cli r = Cli.run("eval", t.dir().dir().toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("top-1") && r.out().contains("T-shirt/top") && r.out().contains("confusion"), r.out());
        List<String> perClass = Files.readAllLines(t.dir().evalTable("test"));
        assertEquals("class,precision,recall,f1,support", perClass.get(0));
        assertEquals(12, perClass.size());
        long support = 0;
        for (String line : perClass.subList(1, 11)) {
            support += Long.parseLong(line.substring(line.lastIndexOf(',') + 1));
        }
        assertEquals(512, support);
        List<String> confusion = Files.readAllLines(t.dir().confusion("test"));
        long total = 0;
        long diagonal = 0;
        for (int i = 1; i < confusion.size(); i++) {
            String[] f = confusion.get(i).split(",");
            for (int j = 1; j < f.length; j++) {
                total += Long.parseLong(f[j]);
                diagonal += i == j ? Long.parseLong(f[j]) : 0;
            }
        }
        assertEquals(512, total);
        assertEquals(t.test().top1(), diagonal / 512.0, 1e-12, "eval agrees with the run's own test score");
        Cli val = Cli.run("eval", t.dir().dir().toString(), "--split", "val", "--format", "json", "--checkpoint", "best");
        assertEquals(0, val.status(), val.err());
        assertTrue(val.out().contains("\"images\" : 256"), val.out());
        assertEquals(2, Cli.run("eval", dir.resolve("nothing").toString()).status());
    }

    /**
     * LeNet-5 on the whole of Fashion-MNIST for two epochs with the shipped config's recipe, without its flips
     * (they pay off over ten epochs, not two): 88.48 % with seed 0 when measured, 88.21 % with seed 1.
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void lenet5ReachesEightySevenPercentOnFashionMnistInTwoEpochs() throws IOException {
        Path shipped = Path.of("configs/lenet5_fashion.yaml");
        Trainer.Result r = Runs.fresh(shipped, List.of("epochs=2", "augment={flip: false}", "output_dir=" + dir.resolve("full"),
                "data_dir=" + dir.resolve("data")));
        assertNotNull(r.test());
        assertTrue(r.test().top1() >= 0.87, "test accuracy " + r.test().top1());
        assertEquals(10_000, r.test().count());
    }
}
