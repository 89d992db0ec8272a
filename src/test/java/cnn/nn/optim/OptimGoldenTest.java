package cnn.nn.optim;

import cnn.run.LrSchedule;
import cnn.testing.OpsFixture;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every {@code optim_*} and {@code sched_*} PyTorch golden in {@link OpsFixture#directory()}, with every
 * hyper-parameter taken from the file's attributes: an attribute, optimizer, schedule or tensor this test does not
 * understand fails the case rather than being skipped. Optimizers run in float32 and float64; each tensor must
 * satisfy {@code max|ours - ref| / max|ref| <= 1e-5} (float32) or {@code 1e-10} (float64).
 */
class OptimGoldenTest {
    private static final Map<DataType, Double> TOLERANCE = Map.of(DataType.FLOAT, 1e-5, DataType.DOUBLE, 1e-10);
    private static final double SCHEDULE_TOLERANCE = 1e-10;

    static Stream<Arguments> fixtures() {
        Path dir = OpsFixture.directory();
        List<Path> files = OpsFixture.list(dir, "optim_", "sched_");
        assertTrue(!files.isEmpty(), "no optim_*/sched_* fixtures in " + dir);
        return files.stream().map(p -> Arguments.of(Named.of(p.getFileName().toString(), p)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorch(Path file) throws IOException {
        check(OpsFixture.read(file));
    }

    @Test
    void unknownOptimizerFails(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("optim_rmsprop.txt");
        Files.writeString(file, """
                #@ op optimizer
                #@ optimizer rmsprop
                #@ lr 0.01
                #@ steps 1
                tensor param 1 2
                1.0 2.0
                """);
        AssertionError e = assertThrows(AssertionError.class, () -> check(OpsFixture.read(file)));
        assertTrue(e.getMessage().contains("unknown optimizer 'rmsprop'"), e.getMessage());
    }

    @Test
    void unknownScheduleOrAttributeFails(@TempDir Path dir) throws IOException {
        Path cyclic = dir.resolve("sched_cyclic.txt");
        Files.writeString(cyclic, "#@ op lr_schedule\n#@ base_lr 0.1\n#@ epochs 1\n#@ schedule cyclic\n"
                + "tensor lr 1 1\n0.1\n");
        AssertionError e = assertThrows(AssertionError.class, () -> check(OpsFixture.read(cyclic)));
        assertTrue(e.getMessage().contains("unknown schedule 'cyclic'"), e.getMessage());

        Path extra = dir.resolve("sched_constant_extra.txt");
        Files.writeString(extra, "#@ op lr_schedule\n#@ base_lr 0.1\n#@ epochs 1\n#@ schedule constant\n"
                + "#@ anneal_strategy linear\ntensor lr 1 1\n0.1\n");
        e = assertThrows(AssertionError.class, () -> check(OpsFixture.read(extra)));
        assertTrue(e.getMessage().contains("[anneal_strategy]"), e.getMessage());
    }

    static void check(OpsFixture f) {
        Hyper h = new Hyper(f);
        switch (h.string("op")) {
            case "optimizer" -> checkOptimizer(f, h);
            case "lr_schedule" -> checkSchedule(f, h);
            default -> fail(f.path() + ": unknown op '" + f.attr("op") + "'");
        }
    }

    private static void checkOptimizer(OpsFixture f, Hyper h) {
        double lr = h.number("lr");
        OptimizerSpec config = switch (h.string("optimizer")) {
            case "sgd" -> new Sgd(lr, h.number("momentum"), h.flag("nesterov"), h.number("weight_decay"));
            case "adam" -> new Adam(lr, h.number("beta1"), h.number("beta2"), h.number("eps"), h.number("weight_decay"));
            case "adamw" -> new AdamW(lr, h.number("beta1"), h.number("beta2"), h.number("eps"), h.number("weight_decay"));
            default -> throw new AssertionError(f.path() + ": unknown optimizer '" + f.attr("optimizer") + "'");
        };
        long steps = h.integer("steps");
        h.assertAllRead();
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            INDArray params = flat(f, "param", type);
            INDArray grads = Nd4j.zeros(type, params.length());
            Optimizer opt = config.create(params, grads);
            Set<String> expected = new LinkedHashSet<>(List.of("param"));
            double worst = 0;
            for (int k = 1; k <= steps; k++) {
                grads.assign(flat(f, "grad" + k, type));
                opt.step(lr);
                expected.add("grad" + k);
                expected.add("param_step" + k);
                worst = Math.max(worst, assertClose(f, type, "param_step" + k, params));
                for (String state : opt.stateNames()) {
                    expected.add(state + "_step" + k);
                    worst = Math.max(worst, assertClose(f, type, state + "_step" + k, opt.state(state)));
                }
            }
            assertEquals(expected, f.tensors().keySet(), f.path() + ": tensors this test does not check");
            System.out.printf("%-28s %-6s worst normalised error %.1e%n", f.name(), type, worst);
        }
    }

    private static void checkSchedule(OpsFixture f, Hyper h) {
        LrSchedule schedule = schedule(f, h);
        long epochs = h.integer("epochs");
        h.assertAllRead();
        double worst = assertClose(f, "lr", "lr", LongStream.range(0, epochs).mapToDouble(schedule::lr).toArray(),
                SCHEDULE_TOLERANCE);
        boolean cycles = schedule.momentum(0).isPresent();
        if (cycles) {
            double[] momentum = LongStream.range(0, epochs).mapToDouble(t -> schedule.momentum(t).getAsDouble())
                    .toArray();
            worst = Math.max(worst, assertClose(f, "momentum", "momentum", momentum, SCHEDULE_TOLERANCE));
        }
        assertEquals(cycles ? Set.of("lr", "momentum") : Set.of("lr"), f.tensors().keySet(),
                f.path() + ": tensors this test does not check");
        System.out.printf("%-28s %-6s worst normalised error %.1e%n", f.name(), "DOUBLE", worst);
    }

    private static LrSchedule schedule(OpsFixture f, Hyper h) {
        String name = h.string("schedule");
        boolean warm = name.startsWith("warmup_") || h.has("warmup_epochs");
        String after = name.startsWith("warmup_") ? name.substring("warmup_".length()) : name;
        double baseLr = h.number("base_lr");
        LrSchedule schedule = switch (after) {
            case "constant" -> new LrSchedule.Constant(baseLr);
            case "step" -> new LrSchedule.Step(baseLr, h.integer("step_size"), h.number("gamma"));
            case "multistep" -> new LrSchedule.MultiStep(baseLr,
                    h.strings("milestones").stream().map(Long::valueOf).toList(), h.number("gamma"));
            case "cosine" -> new LrSchedule.Cosine(baseLr, h.integer("T_max"), h.number("eta_min"));
            // max_lr = base_lr in these files (OneCycleLR(opt, max_lr=base_lr, ...)) unless stated
            case "onecycle" -> new LrSchedule.OneCycle(h.has("max_lr") ? h.number("max_lr") : baseLr,
                    h.integer("total_steps"), h.number("pct_start"), h.number("div_factor"),
                    h.number("final_div_factor"), h.number("base_momentum"), h.number("max_momentum"));
            default -> throw new AssertionError(f.path() + ": unknown schedule '" + name + "'");
        };
        return warm ? schedule.withWarmup(h.integer("warmup_epochs"), h.number("start_factor")) : schedule;
    }

    private static INDArray flat(OpsFixture f, String tensor, DataType type) {
        double[] v = f.tensor(tensor).values();
        return Nd4j.create(v, new long[] {v.length}, 'c').castTo(type);
    }

    private static double assertClose(OpsFixture f, DataType type, String tensor, INDArray ours) {
        return assertClose(f, tensor + " (" + type + ")", tensor, ours.castTo(DataType.DOUBLE).toDoubleVector(),
                TOLERANCE.get(type));
    }

    /** Asserts {@code max|ours - ref| <= tolerance * max|ref|} and returns the normalised error. */
    private static double assertClose(OpsFixture f, String label, String tensor, double[] ours, double tolerance) {
        double[] ref = f.tensor(tensor).values();
        assertEquals(ref.length, ours.length, f.path() + ": " + label + " length");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < ref.length; i++) {
            diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        double err = scale == 0 ? diff : diff / scale;
        assertTrue(err <= tolerance, () -> String.format("%s: %s normalised error %.3e > %.0e",
                f.path(), label, err, tolerance));
        return err;
    }

    /** A fixture's attributes, remembering which were read so that none is silently ignored. */
    private static final class Hyper {
        private final OpsFixture f;
        private final Set<String> read = new HashSet<>(Set.of("case"));

        Hyper(OpsFixture f) {
            this.f = f;
        }

        boolean has(String key) {
            return f.has(key);
        }

        String string(String key) {
            read.add(key);
            return f.attr(key);
        }

        List<String> strings(String key) {
            read.add(key);
            return f.attrValues(key);
        }

        double number(String key) {
            read.add(key);
            return f.attrDouble(key);
        }

        long integer(String key) {
            read.add(key);
            return f.attrLong(key);
        }

        boolean flag(String key) {
            read.add(key);
            return f.attrFlag(key);
        }

        void assertAllRead() {
            Set<String> unread = new LinkedHashSet<>(f.attrs().keySet());
            unread.removeAll(read);
            assertTrue(unread.isEmpty(), f.path() + ": attributes this test does not understand: " + unread);
        }
    }
}
