package cnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchLoaderTest {
    private static final ImageSet CIFAR_LIKE = TestData.images(50, 3, 32, 10);
    private static final Normalization NORM = new Normalization(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.25f, 0.3f});

    /** What a batch held, copied out before its buffers went back. */
    private record Seen(int epoch, int index, long[] shape, float[] features, int[] labels, int[] samples) {
        static Seen of(Batch b) {
            return new Seen(b.epoch(), b.index(), b.features().shape(), b.features().dup().data().asFloat(),
                    b.labels().clone(), b.sampleIndices().clone());
        }

        boolean sameAs(Seen o) {
            return epoch == o.epoch && index == o.index && Arrays.equals(shape, o.shape) && Arrays.equals(features, o.features)
                    && Arrays.equals(labels, o.labels) && Arrays.equals(samples, o.samples);
        }
    }

    private static List<Seen> run(BatchLoader loader, int startEpoch, int startBatch, int endEpoch) {
        List<Seen> seen = new ArrayList<>();
        try (BatchStream stream = loader.open(startEpoch, startBatch, endEpoch)) {
            while (stream.hasNext()) {
                try (Batch b = stream.next()) {
                    seen.add(Seen.of(b));
                }
            }
        }
        return seen;
    }

    private static BatchLoader training(long seed) {
        return new BatchLoader(CIFAR_LIKE, LoaderOptions.training(16, seed, NORM, Augmentation.CIFAR));
    }

    private static long producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("cnn-batch-producer") && t.isAlive()).count();
    }

    @AfterEach
    void noProducerOutlivesItsStream() {
        assertEquals(0, producerThreads());
    }

    @Test
    void evaluationBatchesAreTheImagesInOrderNormalised() {
        BatchLoader loader = BatchLoader.evaluation(CIFAR_LIKE, 16, NORM);
        assertEquals(4, loader.batchesPerEpoch());
        List<Seen> seen = run(loader, 0, 0, 1);

        assertEquals(4, seen.size());
        assertArrayEquals(new long[] {2, 3, 32, 32}, seen.get(3).shape(), "last partial batch kept");
        int sample = 0;
        for (Seen s : seen) {
            assertEquals(s.labels().length, s.shape()[0]);
            for (int i = 0; i < s.labels().length; i++, sample++) {
                assertEquals(sample, s.samples()[i]);
                assertEquals(CIFAR_LIKE.label(sample), s.labels()[i]);
                for (int c = 0; c < 3; c++) {
                    int y = (sample + 5 * c) % 32;
                    int x = (3 * sample + c) % 32;
                    float expected = (CIFAR_LIKE.pixel(sample, c, y, x) / 255f - NORM.mean()[c]) / NORM.std()[c];
                    assertEquals(expected, s.features()[((i * 3 + c) * 32 + y) * 32 + x], 1e-5);
                }
            }
        }
        assertEquals(50, sample);
    }

    @Test
    void featuresAreFloatNchwArrays() {
        try (BatchStream stream = BatchLoader.evaluation(CIFAR_LIKE, 16, NORM).open(0); Batch b = stream.next()) {
            INDArray f = b.features();
            assertEquals(DataType.FLOAT, f.dataType());
            assertArrayEquals(new long[] {16, 3, 32, 32}, f.shape());
            assertEquals('c', f.ordering());
            float expected = (CIFAR_LIKE.pixel(5, 2, 7, 9) / 255f - 0.3f) / 0.3f;
            assertEquals(expected, f.getFloat(5, 2, 7, 9), 1e-5);
        }
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        BatchLoader loader = new BatchLoader(CIFAR_LIKE, LoaderOptions.training(16, 1, NORM, Augmentation.NONE).withDropLast(true));
        assertEquals(3, loader.batchesPerEpoch());
        assertEquals(48, loader.samplesPerEpoch());
        List<Seen> seen = run(loader, 0, 0, 2);
        assertEquals(6, seen.size());
        assertTrue(seen.stream().allMatch(s -> s.labels().length == 16));
    }

    @Test
    void everyEpochVisitsEveryImageOnce() {
        BatchLoader loader = training(3);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] order = loader.order(epoch).clone();
            Arrays.sort(order);
            for (int i = 0; i < order.length; i++) {
                assertEquals(i, order[i]);
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalBatchesAndEpochsDiffer() {
        List<Seen> a = run(training(7), 0, 0, 2);
        List<Seen> b = run(training(7), 0, 0, 2);
        assertEquals(8, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).sameAs(b.get(i)), "batch " + i);
        }
        BatchLoader loader = training(7);
        assertFalse(Arrays.equals(loader.order(0), loader.order(1)));
        assertFalse(Arrays.equals(loader.order(0), training(8).order(0)));
        assertNotEquals(Arrays.toString(a.get(0).samples()), Arrays.toString(a.get(4).samples()));
    }

    @Test
    void resumingAtEpochAndBatchReproducesTheSameStream() {
        List<Seen> full = run(training(11), 0, 0, 3);
        List<Seen> resumed = run(training(11), 1, 2, 3);
        List<Seen> tail = full.subList(4 + 2, full.size());
        assertEquals(tail.size(), resumed.size());
        for (int i = 0; i < tail.size(); i++) {
            assertTrue(tail.get(i).sameAs(resumed.get(i)), "batch " + i);
        }
        assertEquals(1, resumed.get(0).epoch());
        assertEquals(2, resumed.get(0).index());
        assertEquals(4, run(training(11), 0, 4, 2).size(), "startBatch == batchesPerEpoch means the next epoch");
    }

    @Test
    void epochViewsIterateOneEpochAtATime() {
        BatchLoader loader = training(5);
        try (BatchStream stream = loader.open(0, 1, 2)) {
            List<Integer> indices = new ArrayList<>();
            for (Batch b : stream.epoch(0)) {
                try (b) {
                    indices.add(b.index());
                    assertEquals(b.index() == 3, b.lastInEpoch());
                }
            }
            assertEquals(List.of(1, 2, 3), indices);
            int count = 0;
            for (Batch b : stream.epoch(1)) {
                try (b) {
                    count++;
                }
            }
            assertEquals(4, count);
            assertFalse(stream.hasNext());
        }
        try (BatchStream stream = loader.open(0, 0, 2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> stream.epoch(1).iterator().hasNext());
            assertEquals("batches of epoch 0 are still pending; finish it before epoch 1", e.getMessage());
        }
    }

    @Test
    void buffersAreReusedAndHandedBackExplicitly() {
        BatchLoader loader = new BatchLoader(CIFAR_LIKE, LoaderOptions.training(16, 1, NORM, Augmentation.CIFAR).withPrefetch(2));
        Set<INDArray> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        try (BatchStream stream = loader.open(0, 0, 5)) {
            Batch kept = null;
            while (stream.hasNext()) {
                Batch b = stream.next();
                distinct.add(b.features());
                b.close();
                b.close(); // a second close is harmless
                kept = b;
            }
            Batch closed = kept;
            assertThrows(IllegalStateException.class, closed::features);
        }
        assertTrue(distinct.size() <= 2 * 3, distinct.size() + " buffers for 20 batches of two sizes");
    }

    @Test
    void holdingEveryBufferIsAnErrorNotADeadlock() {
        BatchLoader loader = new BatchLoader(CIFAR_LIKE, LoaderOptions.training(4, 1, NORM, Augmentation.NONE).withPrefetch(1));
        try (BatchStream stream = loader.open(0)) {
            stream.next();
            stream.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, stream::next);
            assertEquals("the consumer holds all 2 batch buffers; close each Batch before taking more", e.getMessage());
        }
    }

    @Test
    void producerFailureSurfacesInTheConsumer() {
        BatchLoader.SampleWriter failing = (images, index, key, table, dst, offset) -> {
            if (index == 37) {
                throw new DatasetException("image 37 is broken");
            }
            Augmentation.NONE.write(images, index, key, table, dst, offset);
        };
        BatchLoader loader = new BatchLoader(CIFAR_LIKE, LoaderOptions.evaluation(10, NORM), failing);
        try (BatchStream stream = loader.open(0)) {
            for (int i = 0; i < 3; i++) {
                stream.next().close();
            }
            DatasetException e = assertThrows(DatasetException.class, stream::next);
            assertEquals("preparing batch 3 of epoch 0 failed: image 37 is broken", e.getMessage());
            assertInstanceOf(DatasetException.class, e.getCause());
            assertThrows(DatasetException.class, stream::hasNext, "the failure stays visible");
        }
    }

    @Test
    void closingMidEpochStopsTheProducer() {
        BatchStream stream = training(1).open(0, 0, 1000);
        Batch held = stream.next();
        stream.close();
        assertEquals(0, producerThreads());
        held.close(); // handing back after close is allowed
        assertThrows(IllegalStateException.class, stream::next);
    }

    @Test
    void throughputIsMeasured() {
        BatchLoader loader = new BatchLoader(CIFAR_LIKE, LoaderOptions.training(10, 1, NORM, Augmentation.CIFAR));
        Throughput t = loader.measureThroughput(12);
        assertEquals(120, t.images());
        assertTrue(t.imagesPerSecond() > 0);
    }
}
