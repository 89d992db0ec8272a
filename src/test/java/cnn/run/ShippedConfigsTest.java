package cnn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnn.data.DatasetSpec;
import cnn.data.Datasets;
import cnn.spec.ModelSpec;
import cnn.zoo.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every config in configs/ loads strictly, fits its data set, and states its recipe's published target. */
class ShippedConfigsTest {

    static Stream<Path> configs() throws IOException {
        return Files.list(Path.of("configs")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("configs")
    void loadsAndFitsItsDataSet(Path file) throws IOException {
        RunConfigs.Loaded l = RunConfigs.load(file, List.of());
        ModelSpec spec = model(l, file).spec();
        DatasetSpec ds = Datasets.get(l.config().dataset());
        assertEquals(List.of(ds.channels(), ds.height(), ds.width()), spec.input(), "model input = data set image shape");
        assertEquals(ds.numClasses(), spec.classes());
        assertTrue(Files.readString(file).contains("Published target:"), file + " states its target (or that none exists)");
        assertTrue(l.config().outputDir().startsWith("runs/"));
    }

    @Test
    void everyFamilyHasAConfig() throws IOException {
        Set<String> families = configs().map(f -> RunConfigs.load(f, List.of()))
                .map(l -> model(l, null).spec().name())
                .map(name -> Zoo.entry(name).orElseThrow().family()).collect(Collectors.toSet());
        assertEquals(Set.of("LeNet", "AlexNet", "VGG", "GoogLeNet", "ResNet", "ResNeXt", "MobileNet"), families);
    }

    /** He et al.'s ResNet-20 recipe: 64k iterations on 45k images at batch 128, lr /10 at 32k and 48k. */
    @Test
    void resnet20FollowsThePaper() {
        RunConfig c = RunConfigs.load(Path.of("configs/resnet20.yaml"), List.of()).config();
        int batchesPerEpoch = (45_000 + 127) / 128;
        assertEquals(64_064, (long) c.epochs() * batchesPerEpoch);
        LrSchedule s = c.lrSchedule().build(c.optimizer().lr(), (long) c.epochs() * batchesPerEpoch);
        assertEquals(0.1, s.lr(31_999), 1e-15);
        assertEquals(0.01, s.lr(32_000), 1e-15);
        assertEquals(0.001, s.lr(48_000), 1e-15);
        assertEquals(5000.0, c.validationSplit());
    }

    /** The model a loaded config names, as `cnn train` resolves it. */
    private static Zoo.Loaded model(RunConfigs.Loaded l, Path file) {
        return Zoo.forConfig(l.config().model(), l.source(), file);
    }
}
