package cnn.train;

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
    private static void assertRejects(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }

    @Test
    void rejectsBadHyperParameters() {
        assertRejects("constant base_lr must be > 0 and finite, got 0.0", () -> new LrSchedule.Constant(0));
        assertRejects("step step_size must be >= 1, got 0", () -> new LrSchedule.Step(0.1, 0, 0.1));
        assertRejects("step gamma must be > 0 and finite, got -0.1", () -> new LrSchedule.Step(0.1, 5, -0.1));
        assertRejects("multistep milestones must be >= 1 and strictly increasing, got [8, 8]",
                () -> new LrSchedule.MultiStep(0.1, List.of(8L, 8L), 0.1));
        assertRejects("multistep milestones must be >= 1 and strictly increasing, got [0, 3]",
                () -> new LrSchedule.MultiStep(0.1, List.of(0L, 3L), 0.1));
        assertRejects("cosine T_max must be >= 1, got 0", () -> new LrSchedule.Cosine(0.1, 0, 0));
        assertRejects("cosine eta_min must be >= 0 and finite, got NaN",
                () -> new LrSchedule.Cosine(0.1, 10, Double.NaN));
        assertRejects("onecycle max_lr must be > 0 and finite, got Infinity",
                () -> new LrSchedule.OneCycle(Double.POSITIVE_INFINITY, 20));
        assertRejects("onecycle pct_start * total_steps - 1 must lie strictly between 0 and total_steps - 1",
                () -> new LrSchedule.OneCycle(0.1, 3));
        assertRejects("got pct_start 1.0 with total_steps 20",
                () -> new LrSchedule.OneCycle(0.1, 20, 1.0, 25, 1e4, 0.85, 0.95));
        assertRejects("onecycle div_factor must be > 0 and finite, got 0.0",
                () -> new LrSchedule.OneCycle(0.1, 20, 0.3, 0, 1e4, 0.85, 0.95));
        assertRejects("onecycle max_momentum must be in [0, 1), got 1.0",
                () -> new LrSchedule.OneCycle(0.1, 20, 0.3, 25, 1e4, 0.85, 1.0));
        assertRejects("warmup steps must be >= 1, got -1", () -> new LrSchedule.Constant(0.1).withWarmup(-1, 0.1));
        assertRejects("warmup start_factor must be in (0, 1], got 0.0",
                () -> new LrSchedule.Constant(0.1).withWarmup(3, 0));
        assertRejects("warmup must be followed by a schedule other than a warmup",
                () -> new LrSchedule.Constant(0.1).withWarmup(3, 0.5).withWarmup(2, 0.5));
    }

    @Test
    void rejectsStepsOutsideTheSchedule() {
        assertRejects("step index must be >= 0, got -1", () -> new LrSchedule.Cosine(0.1, 10, 0).lr(-1));
        LrSchedule oneCycle = new LrSchedule.OneCycle(0.1, 20);
        oneCycle.lr(20);   // PyTorch allows the one sched.step() after the last optimizer step
        assertRejects("onecycle step 21 is past total_steps 20", () -> oneCycle.lr(21));
        assertRejects("onecycle step 21 is past total_steps 20", () -> oneCycle.momentum(21));
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
}
