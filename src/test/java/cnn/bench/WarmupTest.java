package cnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmupTest {
    /** A step that sleeps: it gives the JIT nothing new to compile. */
    private static final class Sleep implements Runnable {
        int runs;

        @Override
        public void run() {
            runs++;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ModelBench.Options options(int warmup, double warmupSeconds, double jitWait) {
        return new ModelBench.Options(1, 1, ModelBench.Mode.TRAIN, 0, warmup, warmupSeconds, jitWait, false, 0);
    }

    /** Without waiting for the JIT, warm-up is exactly the minimum steps: none, or three. */
    @Test
    void withoutJitWaitStopsAtTheMinimumSteps() {
        for (int minimum : new int[] {0, 3}) {
            Sleep s = new Sleep();
            ModelBench.Warmup w = ModelBench.Warmup.run(s, options(minimum, 0, 0));
            assertEquals(minimum, w.steps());
            assertEquals(minimum, s.runs);
            assertTrue(w.seconds() < 1, minimum + " steps of 20 ms, got " + w.seconds());
        }
    }

    @Test
    void waitsAtLeastTheSecondsAndForAQuietSecondOfJit() {
        Sleep s = new Sleep();
        ModelBench.Warmup w = ModelBench.Warmup.run(s, options(1, 0.3, 10));
        assertEquals("settled", w.jit(), "sleeping compiles nothing new: " + w);
        assertTrue(w.seconds() >= 1, "quiet means a whole second measured: " + w);
        assertTrue(w.seconds() < 10, w.toString());
        assertEquals(s.runs, w.steps());
    }
}
