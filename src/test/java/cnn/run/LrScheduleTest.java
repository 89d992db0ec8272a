package cnn.run;

import cnn.spec.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation and composition of the schedules; their values are checked against PyTorch in OptimGoldenTest. */
class LrScheduleTest {
    /** A bad value is a {@link FieldError} (the run config's own vocabulary), shown as `field = value: problem`. */
    private static void assertRejects(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String shown = e instanceof FieldError f ? f.field() + " = " + f.value() + ": " + f.getMessage() : e.getMessage();
        assertTrue(shown.contains(message), () -> "expected '" + message + "' in: " + shown);
    }

    @Test
    void rejectsBadHyperParameters() {
        assertRejects("base_lr = 0.0: must be positive", () -> new LrSchedule.Constant(0));
        assertRejects("step_size = 0: must be at least 1", () -> new LrSchedule.Step(0.1, 0, 0.1));
        assertRejects("gamma = -0.1: must be positive", () -> new LrSchedule.Step(0.1, 5, -0.1));
        assertRejects("milestones = [8, 8]: must be increasing positive numbers",
                () -> new LrSchedule.MultiStep(0.1, List.of(8L, 8L), 0.1));
        assertRejects("milestones = [0, 3]: must be increasing positive numbers",
                () -> new LrSchedule.MultiStep(0.1, List.of(0L, 3L), 0.1));
        assertRejects("t_max = 0: must be at least 1", () -> new LrSchedule.Cosine(0.1, 0, 0));
        assertRejects("eta_min = NaN: must be at least 0",
                () -> new LrSchedule.Cosine(0.1, 10, Double.NaN));
        assertRejects("max_lr = Infinity: must be positive",
                () -> new LrSchedule.OneCycle(Double.POSITIVE_INFINITY, 20));
        assertRejects("pct_start * total_steps - 1 must lie strictly between 0 and total_steps - 1",
                () -> new LrSchedule.OneCycle(0.1, 3));
        assertRejects("pct_start = 1.0: pct_start * total_steps - 1 must lie strictly between 0",
                () -> new LrSchedule.OneCycle(0.1, 20, 1.0, 25, 1e4, 0.85, 0.95));
        assertRejects("div_factor = 0.0: must be positive",
                () -> new LrSchedule.OneCycle(0.1, 20, 0.3, 0, 1e4, 0.85, 0.95));
        assertRejects("max_momentum = 1.0: must be in [0.0, 1.0)",
                () -> new LrSchedule.OneCycle(0.1, 20, 0.3, 25, 1e4, 0.85, 1.0));
        assertRejects("warmup = -1: must be at least 1", () -> new LrSchedule.Constant(0.1).withWarmup(-1, 0.1));
        assertRejects("warmup_start_factor = 0.0: must be in (0, 1]",
                () -> new LrSchedule.Constant(0.1).withWarmup(3, 0));
        assertRejects("a warm-up must be followed by a schedule other than a warm-up",
                () -> new LrSchedule.Constant(0.1).withWarmup(3, 0.5).withWarmup(2, 0.5));
    }

    @Test
    void rejectsStepsOutsideTheSchedule() {
        assertRejects("step = -1: must be at least 0", () -> new LrSchedule.Cosine(0.1, 10, 0).lr(-1));
        LrSchedule oneCycle = new LrSchedule.OneCycle(0.1, 20);
        oneCycle.lr(20);   // PyTorch allows the one sched.step() after the last optimizer step
        assertRejects("step = 21: is past total_steps 20", () -> oneCycle.lr(21));
        assertRejects("step = 21: is past total_steps 20", () -> oneCycle.momentum(21));
    }

    @Test
    void milestonesAreCopied() {
        List<Long> milestones = new ArrayList<>(List.of(2L, 4L));
        LrSchedule.MultiStep s = new LrSchedule.MultiStep(1, milestones, 0.5);
        milestones.set(0, 1L);
        assertEquals(List.of(2L, 4L), s.milestones());
    }

    @Test
    void warmupRampsToTheScheduleAndThenShiftsIt() {
        LrSchedule oneCycle = new LrSchedule.OneCycle(0.1, 20);
        assertSame(oneCycle, oneCycle.withWarmup(0, 0.5));
        LrSchedule warm = oneCycle.withWarmup(4, 0.5);
        assertEquals(0.5 * oneCycle.lr(0), warm.lr(0));
        assertEquals(0.875 * oneCycle.lr(0), warm.lr(3));
        for (int t = 0; t <= 20; t++) {
            assertEquals(oneCycle.lr(t), warm.lr(t + 4));
            assertEquals(oneCycle.momentum(t), warm.momentum(t + 4));
        }
        assertEquals(oneCycle.momentum(0), warm.momentum(2));
        assertTrue(new LrSchedule.Step(0.1, 5, 0.1).withWarmup(3, 0.5).momentum(1).isEmpty());
    }

    /** The trainer steps with the schedule's momentum where it cycles one (OneCycle), else the optimizer's own. */
    @Test
    void scheduleStepUsesItsMomentumWhereItCyclesOne() {
        int n = 37;
        LrSchedule oneCycle = new LrSchedule.OneCycle(0.1, 10);
        LrSchedule cosine = new LrSchedule.Cosine(0.1, 10, 0);
        cnn.nn.optim.Sgd sgd = new cnn.nn.optim.Sgd(0.1, 0.5, false, 0.0);
        for (LrSchedule schedule : List.of(oneCycle, cosine)) {
            org.nd4j.linalg.api.ndarray.INDArray a = org.nd4j.linalg.factory.Nd4j.rand(
                    org.nd4j.linalg.api.buffer.DataType.DOUBLE, n);
            org.nd4j.linalg.api.ndarray.INDArray b = a.dup();
            org.nd4j.linalg.api.ndarray.INDArray grads = org.nd4j.linalg.factory.Nd4j.rand(
                    org.nd4j.linalg.api.buffer.DataType.DOUBLE, n);
            cnn.nn.optim.Optimizer bySchedule = sgd.create(a, grads);
            cnn.nn.optim.Optimizer byHand = sgd.create(b, grads);
            for (int t = 0; t < 3; t++) {
                bySchedule.step(schedule.lr(t), schedule.momentum(t, sgd));
                byHand.step(schedule.lr(t), schedule.momentum(t).orElse(0.5));
            }
            assertEquals(List.of(true, true), List.of(schedule.momentum(0).isPresent() == (schedule == oneCycle), true));
            org.junit.jupiter.api.Assertions.assertArrayEquals(b.toDoubleVector(), a.toDoubleVector(), schedule.toString());
        }
    }
}
