package cnn.data;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Batches prepared ahead on one background producer thread. The number of batch buffers bounds how far it runs ahead:
 * {@code prefetch + 1} per batch size, one for the consumer and the rest filled in advance. Use from one consumer
 * thread; close it to stop the producer and release the buffers. A failure on the producer thread is thrown by the
 * consumer's next {@link #next()} or {@link #hasNext()} as a {@link DatasetException} whose cause is the original.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {
    private static final Object END = new Object();

    private final BatchLoader loader;
    private final int startEpoch;
    private final int startBatch;
    private final int endEpoch;
    private final BlockingQueue<Object> ready = new LinkedBlockingQueue<>(); // bounded by the pool
    private final Pool pool;
    private final Thread producer;
    private Object lookahead;
    private final AtomicInteger held = new AtomicInteger(); // batches the consumer has and has not closed
    private long waitNanos;
    private volatile boolean closed;

    /** The producer's failure, tagged with where it happened. */
    private record Failure(Throwable cause, int epoch, int batch) {
    }

    BatchStream(BatchLoader loader, int startEpoch, int startBatch, int endEpoch) {
        this.loader = loader;
        this.startEpoch = startEpoch;
        this.startBatch = startBatch;
        this.endEpoch = endEpoch;
        this.pool = new Pool(loader.options().prefetch() + 1);
        this.producer = new Thread(this::produce, "cnn-batch-producer");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        int epoch = startEpoch;
        int batch = startBatch;
        try {
            int batches = loader.batchesPerEpoch();
            for (; epoch < endEpoch; epoch++, batch = 0) {
                int[] order = loader.order(epoch);
                for (; batch < batches; batch++) {
                    BatchLoader.Slot slot = pool.acquire(loader.batchSize(batch));
                    loader.fill(slot, order, batch, epoch);
                    ready.put(new Batch(this, slot, epoch, batch, batch == batches - 1));
                }
            }
            ready.put(END);
        } catch (InterruptedException e) {
            // close() stops the producer
        } catch (Throwable t) {
            ready.add(new Failure(t, epoch, batch));
        }
    }

    /** True while batches remain before {@code endEpoch}; waits for the producer if none is ready yet. */
    @Override
    public boolean hasNext() {
        return peek() != END;
    }

    /** The next batch, waiting for the producer if it is not ready yet. Close it when done with it. */
    @Override
    public Batch next() {
        Object item = peek();
        if (item == END) {
            throw new NoSuchElementException("no batches left before epoch " + endEpoch);
        }
        lookahead = null;
        held.incrementAndGet();
        return (Batch) item;
    }

    /**
     * The rest of epoch {@code epoch}, for a for-each loop. Epochs must be consumed in order: asking for a later epoch
     * while batches of an earlier one are still pending is an error.
     */
    public Iterable<Batch> epoch(int epoch) {
        return () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                Object item = peek();
                if (item instanceof Batch b && b.epoch() < epoch) {
                    throw new IllegalStateException("batches of epoch " + b.epoch() + " are still pending; finish it before epoch "
                            + epoch);
                }
                return item instanceof Batch b && b.epoch() == epoch;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch " + epoch + " has no more batches");
                }
                return BatchStream.this.next();
            }
        };
    }

    /** Total time the consumer has spent waiting for the producer, in nanoseconds. */
    public long waitNanos() {
        return waitNanos;
    }

    private Object peek() {
        if (closed) {
            throw new IllegalStateException("batch stream is closed");
        }
        if (lookahead == null) {
            if (held.get() >= pool.capacity) {
                throw new IllegalStateException("the consumer holds all " + pool.capacity
                        + " batch buffers; close each Batch before taking more");
            }
            long start = System.nanoTime();
            try {
                lookahead = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("interrupted while waiting for the next batch", e);
            } finally {
                waitNanos += System.nanoTime() - start;
            }
        }
        if (lookahead instanceof Failure f) {
            throw new DatasetException("preparing batch " + f.batch() + " of epoch " + f.epoch() + " failed: "
                    + (f.cause().getMessage() == null ? f.cause().toString() : f.cause().getMessage()), f.cause());
        }
        return lookahead;
    }

    void release(BatchLoader.Slot slot) {
        held.decrementAndGet();
        pool.release(slot);
    }

    /** Stops the producer, waits for it to end and frees every buffer not still held by the consumer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        producer.interrupt();
        boolean interrupted = false;
        while (producer.isAlive()) {
            try {
                producer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        pool.close();
        if (lookahead instanceof Batch b) {
            pool.release(b.slot());
        }
        for (Object item : ready) {
            if (item instanceof Batch b) {
                pool.release(b.slot());
            }
        }
        ready.clear();
        lookahead = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Batch buffers by batch size, created on demand up to {@code capacity} per size. */
    private final class Pool {
        final int capacity;
        private final Map<Integer, ArrayDeque<BatchLoader.Slot>> free = new HashMap<>();
        private final Map<Integer, Integer> created = new HashMap<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition returned = lock.newCondition();
        private boolean poolClosed;

        Pool(int capacity) {
            this.capacity = capacity;
        }

        BatchLoader.Slot acquire(int size) throws InterruptedException {
            lock.lockInterruptibly();
            try {
                while (true) {
                    if (poolClosed) {
                        throw new InterruptedException("pool closed");
                    }
                    ArrayDeque<BatchLoader.Slot> slots = free.computeIfAbsent(size, s -> new ArrayDeque<>());
                    if (!slots.isEmpty()) {
                        return slots.pop();
                    }
                    int made = created.getOrDefault(size, 0);
                    if (made < capacity) {
                        created.put(size, made + 1);
                        return loader.newSlot(size);
                    }
                    returned.await();
                }
            } finally {
                lock.unlock();
            }
        }

        void release(BatchLoader.Slot slot) {
            lock.lock();
            try {
                if (poolClosed) {
                    slot.free();
                } else {
                    free.computeIfAbsent(slot.size, s -> new ArrayDeque<>()).push(slot);
                    returned.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        void close() {
            lock.lock();
            try {
                poolClosed = true;
                free.values().forEach(slots -> slots.forEach(BatchLoader.Slot::free));
                free.clear();
            } finally {
                lock.unlock();
            }
        }
    }
}
