package cnn.nn;

import java.util.Arrays;

/**
 * Classification results accumulated batch by batch: loss, top-1 and top-5 accuracy, and the confusion
 * matrix, from which per-class precision, recall, F1 and support follow.
 */
public final class Evaluation {
    private final int classes;
    private final long[][] confusion;
    private double lossSum;
    private long count;
    private long top1;
    private long top5;

    public Evaluation(int classes) {
        this.classes = classes;
        this.confusion = new long[classes][classes];
    }

    /**
     * Adds one batch: `logits` row-major `[n][classes]`, the true labels, and the batch's mean loss.
     * Ties in the logits go to the lower class index, as `argmax` does.
     */
    public void add(float[] logits, int[] labels, int n, double meanLoss) {
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            int base = i * classes;
            float own = logits[base + label];
            int predicted = 0;
            int above = 0;
            for (int c = 0; c < classes; c++) {
                float v = logits[base + c];
                if (v > logits[base + predicted]) {
                    predicted = c;
                }
                if (v > own || (v == own && c < label)) {
                    above++;
                }
            }
            confusion[label][predicted]++;
            if (predicted == label) {
                top1++;
            }
            if (above < 5) {
                top5++;
            }
        }
        lossSum += meanLoss * n;
        count += n;
    }

    public int classes() {
        return classes;
    }

    public long count() {
        return count;
    }

    public double loss() {
        return lossSum / count;
    }

    public double top1() {
        return (double) top1 / count;
    }

    /** Top-5 accuracy; with five classes or fewer it is 1. */
    public double top5() {
        return (double) top5 / count;
    }

    /** `confusion()[true][predicted]`, a copy. */
    public long[][] confusion() {
        long[][] copy = new long[classes][];
        for (int c = 0; c < classes; c++) {
            copy[c] = Arrays.copyOf(confusion[c], classes);
        }
        return copy;
    }

    public long support(int c) {
        return Arrays.stream(confusion[c]).sum();
    }

    /** Of the images predicted as `c`, the share that are `c`; 0 when none is predicted as `c`. */
    public double precision(int c) {
        long predicted = 0;
        for (int t = 0; t < classes; t++) {
            predicted += confusion[t][c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    /** Of the images of class `c`, the share predicted as `c`; 0 when there are none. */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) confusion[c][c] / s;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
