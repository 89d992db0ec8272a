package cnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.run.EpochRecord;
import cnn.run.RunDir;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short ResNet-20 run on CIFAR-10 files this test writes in CIFAR's binary format (full size, so the
 * reader's checks apply): the class of each image is a brightness pattern the network can learn.
 */
class CifarTrainingTest {
    @TempDir
    static Path data;

    /** Five training batches and the test batch, 10,000 records of 1 + 3x32x32 bytes each. */
    @BeforeAll
    static void writeCifar() throws IOException {
        Path dir = Files.createDirectories(data.resolve("cifar10").resolve("cifar-10-batches-bin"));
        SplittableRandom rng = new SplittableRandom(11);
        for (String name : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin")) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 20)) {
                byte[] image = new byte[3072];
                for (int i = 0; i < 10_000; i++) {
                    int label = rng.nextInt(10);
                    for (int c = 0; c < 3; c++) {
                        for (int p = 0; p < 1024; p++) {
                            // class k brightens channel k % 3 in row band k / 3 (plus noise)
                            int row = p / 32;
                            boolean lit = c == label % 3 && row / 8 == label / 3 % 4;
                            image[c * 1024 + p] = (byte) Math.min(255, (lit ? 150 : 60) + rng.nextInt(60));
                        }
                    }
                    out.write(label);
                    out.write(image);
                }
            }
        }
    }

    @Test
    void resnet20TrainsOnCifarFilesWithAugmentation() throws IOException {
        Path cfg = data.resolve("resnet20.yaml");
        Files.writeString(cfg, """
                model: resnet20_cifar
                dataset: cifar10
                data_dir: %s
                epochs: 2
                batch_size: 32
                optimizer: {type: sgd, lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.0001}
                lr_schedule: {type: multistep, milestones: [40], unit: iteration, warmup: 5}
                augment: {crop_padding: 4, flip: true}
                label_smoothing: 0.1
                validation_split: 0.125
                subset: {train: 512, test: 256}
                output_dir: %s
                """.formatted(data, data.resolve("run")));
        StringWriter log = new StringWriter();
        Trainer.Result r = Runs.fresh(cfg, List.of(), new PrintWriter(log), () -> false);
        assertEquals(Trainer.Status.COMPLETED, r.status(), log.toString());
        assertEquals(2, r.history().size());
        EpochRecord e2 = r.history().get(1);
        assertTrue(Double.isFinite(e2.trainLoss()) && Double.isFinite(e2.valLoss()), log.toString());
        assertTrue(e2.trainLoss() < r.history().get(0).trainLoss(), "the loss falls: " + r.history());
        assertEquals(0.05 / 3, r.history().get(0).lr(), 1e-12, "warm-up starts at a third of the lr");
        assertEquals(256, r.test().count());
        assertTrue(Files.size(new RunDir(data.resolve("run")).last()) > 4 * 269_722, "parameters in the checkpoint");
    }
}
