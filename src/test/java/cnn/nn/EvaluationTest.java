package cnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    /** Four images of three classes, worked out by hand. */
    @Test
    void accuracyPrecisionRecallAndTheConfusionMatrix() {
        Evaluation e = new Evaluation(3);
        float[] logits = {
            2, 1, 0,   // true 0, predicted 0
            0, 3, 1,   // true 1, predicted 1
            5, 0, 1,   // true 2, predicted 0
            1, 1, 0};  // true 1, tie between 0 and 1: argmax takes 0
        e.add(logits, new int[] {0, 1, 2, 1}, 4, 0.5);
        assertEquals(0.5, e.top1());
        assertEquals(1.0, e.top5(), "five classes or fewer: always in the top 5");
        assertArrayEquals(new long[][] {{1, 0, 0}, {1, 1, 0}, {1, 0, 0}}, e.confusion());
        assertEquals(1.0 / 3, e.precision(0), 1e-15);
        assertEquals(1.0, e.recall(0));
        assertEquals(0.5, e.f1(0), 1e-15);
        assertEquals(1.0, e.precision(1));
        assertEquals(0.5, e.recall(1));
        assertEquals(0.0, e.precision(2), "never predicted");
        assertEquals(0.0, e.f1(2));
        assertEquals(2, e.support(1));
        assertEquals(0.5, e.loss());
    }

    @Test
    void topFiveCountsTiesAgainstTheTrueClass() {
        Evaluation e = new Evaluation(7);
        // true class 6 has the 6th highest logit: 5 classes above it
        e.add(new float[] {9, 8, 7, 6, 5, 0, 4}, new int[] {6}, 1, 1.0);
        // true class 0 ties with five others: the tied classes with lower index rank first (none here)
        e.add(new float[] {3, 3, 3, 3, 3, 3, 1}, new int[] {0}, 1, 3.0);
        // true class 5 ties with five classes of lower index: they rank above it, so it is 6th
        e.add(new float[] {3, 3, 3, 3, 3, 3, 1}, new int[] {5}, 1, 3.0);
        assertEquals(1.0 / 3, e.top5(), 1e-15);
        assertEquals(1.0 / 3, e.top1(), 1e-15);
        assertEquals(7.0 / 3, e.loss(), 1e-15);
    }
}
