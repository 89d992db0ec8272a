package cnn.run;

import cnn.data.Augmentation;
import cnn.data.BatchLoader;
import cnn.data.DatasetSpec;
import cnn.data.DatasetStore;
import cnn.data.Datasets;
import cnn.data.HoldoutSplit;
import cnn.data.ImageSet;
import cnn.data.LoaderOptions;
import cnn.data.Split;
import cnn.io.BadInputException;
import cnn.spec.ModelSpec;
import cnn.spec.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of a run, as its config says: the data set's training images (a seeded subset if asked), split
 * into training and held-out validation images, and the test images, with loaders over each. The same
 * config always gives the same images in the same places.
 */
public final class RunData {
    /** Which images. */
    public enum Part { TRAIN, VAL, TEST }

    private final DatasetSpec dataset;
    private final DatasetStore store;
    private final ImageSet trainSet;
    private final ImageSet valSet;
    private final ImageSet testSet;
    private final RunConfig cfg;

    private RunData(DatasetSpec dataset, DatasetStore store, ImageSet trainSet, ImageSet valSet, ImageSet testSet,
            RunConfig cfg) {
        this.dataset = dataset;
        this.store = store;
        this.trainSet = trainSet;
        this.valSet = valSet;
        this.testSet = testSet;
        this.cfg = cfg;
    }

    /** Reads the config's data set (downloading it if needed) and checks that it fits the model. */
    public static RunData load(RunConfig cfg, String cfgSource, ModelSpec spec, Shape input) {
        DatasetSpec ds;
        try {
            ds = Datasets.get(cfg.dataset());
        } catch (RuntimeException e) {
            throw new BadInputException(cfgSource + ": dataset = " + cfg.dataset() + ": " + e.getMessage());
        }
        if (input.c() != ds.channels() || input.h() != ds.height() || input.w() != ds.width()) {
            throw new BadInputException(cfgSource + ": model " + spec.name() + " takes " + input + " images but " + ds.name()
                    + " has [" + ds.channels() + ", " + ds.height() + ", " + ds.width() + "]; pick a model for it (cnn list)");
        }
        if (spec.classes() != ds.numClasses()) {
            throw new BadInputException(cfgSource + ": model " + spec.name() + " has " + spec.classes() + " classes but "
                    + ds.name() + " has " + ds.numClasses());
        }
        DatasetStore store = DatasetStore.create(Path.of(cfg.dataDir()));
        ImageSet full = store.load(ds, Split.TRAIN);
        if (cfg.subset().train() != null) {
            full = full.sample(cfg.subset().train(), cfg.seed());
        }
        ImageSet train = full;
        ImageSet val = null;
        double v = cfg.validationSplit();
        if (v > 0) {
            int held = v < 1 ? (int) Math.round(v * full.size()) : (int) v;
            if (held < 1 || held >= full.size()) {
                throw new BadInputException(cfgSource + ": validation_split = " + v + ": holds out " + held + " of "
                        + full.size() + " training images; leave at least one on each side");
            }
            HoldoutSplit split = HoldoutSplit.of(full, held, cfg.seed());
            train = split.train();
            val = split.validation();
        }
        ImageSet test = store.load(ds, Split.TEST);
        if (cfg.subset().test() != null) {
            test = test.sample(cfg.subset().test(), cfg.seed());
        }
        return new RunData(ds, store, train, val, test, cfg);
    }

    public DatasetSpec dataset() {
        return dataset;
    }

    /** Shuffled, augmented batches of the training images. */
    public BatchLoader trainLoader() {
        Augmentation aug = new Augmentation(cfg.augment().cropPadding(), cfg.augment().flip());
        return new BatchLoader(trainSet, LoaderOptions.training(cfg.batchSize(), cfg.seed(), dataset.stats(), aug));
    }

    /** In-order, unaugmented batches of a part; null for VAL when the run holds out nothing. */
    public BatchLoader evaluationLoader(Part part) {
        ImageSet images = images(part);
        return images == null ? null : BatchLoader.evaluation(images, cfg.batchSize(), dataset.stats());
    }

    public ImageSet images(Part part) {
        return switch (part) {
            case TRAIN -> trainSet;
            case VAL -> valSet;
            case TEST -> testSet;
        };
    }

    /** The files read, with their checksums, for the run record. */
    public List<RunRecord.DataFile> files() {
        List<RunRecord.DataFile> files = new ArrayList<>();
        for (Split s : Split.values()) {
            for (Path p : store.locate(dataset, s)) {
                files.add(RunRecord.DataFile.of(p));
            }
        }
        return files;
    }
}
