/**
 * Data sets for training and evaluation: readers, the registry, the downloader, augmentation and the batch loader.
 *
 * <p>What the training loop uses:
 * <pre>{@code
 * DatasetSpec spec = Datasets.get("cifar10");                      // mnist, fashion-mnist, cifar10
 * DatasetStore store = DatasetStore.create(dataDir);               // finds, downloads (SHA-256 checked), reads
 * HoldoutSplit split = HoldoutSplit.of(store.load(spec, Split.TRAIN), 5_000, seed);
 *
 * BatchLoader train = new BatchLoader(split.train(),
 *         LoaderOptions.training(128, seed, spec.stats(), Augmentation.CIFAR));
 * BatchLoader val = BatchLoader.evaluation(split.validation(), 256, spec.stats());
 *
 * try (BatchStream stream = train.open(startEpoch, startBatch, epochs)) {
 *     for (int epoch = startEpoch; epoch < epochs; epoch++) {
 *         for (Batch batch : stream.epoch(epoch)) {
 *             try (batch) {                                        // close() hands the buffers back
 *                 step(batch.features(), batch.labels());          // [B,C,H,W] float32, int[B]
 *                 // a checkpoint here resumes with open(batch.epoch(), batch.index() + 1, epochs)
 *             }
 *         }
 *         try (BatchStream v = val.open(0)) {
 *             for (Batch batch : v.epoch(0)) {
 *                 try (batch) {
 *                     evaluate(batch.features(), batch.labels());
 *                 }
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Everything that can go wrong with a file is a {@link cnn.data.DatasetException} with a one-line message that
 * names the file.
 */
package cnn.data;
