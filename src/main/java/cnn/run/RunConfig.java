package cnn.run;

import static cnn.spec.FieldError.atLeast;
import static cnn.spec.FieldError.fraction;
import static cnn.spec.FieldError.nonNegative;
import static cnn.spec.FieldError.positive;

import cnn.nn.optim.OptimizerSpec;
import cnn.spec.FieldError;
import cnn.spec.SealedTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.util.List;

/**
 * A training run: which model on which data set, for how long, with which optimizer, schedule, augmentation
 * and seed. Read strictly, like a model spec ({@link cnn.spec.SpecReader}); the architecture itself stays in
 * the model spec (`model` names a zoo model or a spec file, or holds a spec inline).
 */
public record RunConfig(JsonNode model, String dataset, String dataDir, Integer epochs, Integer batchSize,
        OptimizerSpec optimizer, ScheduleSpec lrSchedule, Double labelSmoothing, Augment augment, Double validationSplit,
        EarlyStopping earlyStopping, Boolean testEveryEpoch, Subset subset, Long seed, Integer threads, String outputDir) {

    public RunConfig {
        if (model == null || model.isNull()) {
            throw new FieldError("model", null, "is required: a zoo name, a spec file, or a spec inline");
        }
        if (!model.isTextual() && !model.isObject()) {
            throw new FieldError("model", model.toString(), "must be a zoo name, a spec file or a spec mapping");
        }
        if (dataset == null) {
            throw new FieldError("dataset", null, "is required: mnist, fashion-mnist or cifar10");
        }
        dataDir = dataDir == null ? "datasets" : dataDir;
        atLeast("epochs", epochs, 1);
        atLeast("batch_size", batchSize, 1);
        if (optimizer == null) {
            throw new FieldError("optimizer", null, "is required, e.g. {type: sgd, lr: 0.1, momentum: 0.9}");
        }
        lrSchedule = lrSchedule == null ? new ScheduleSpec.Constant(null, null, null) : lrSchedule;
        labelSmoothing = fraction("label_smoothing", labelSmoothing == null ? 0.0 : labelSmoothing, false);
        augment = augment == null ? new Augment(null, null) : augment;
        validationSplit = validationSplit == null ? 0.0 : validationSplit;
        if (validationSplit < 0 || (validationSplit >= 1 && validationSplit != Math.rint(validationSplit))) {
            throw new FieldError("validation_split", validationSplit,
                    "must be a fraction in [0, 1) or a whole number of training images");
        }
        testEveryEpoch = testEveryEpoch != null && testEveryEpoch;
        subset = subset == null ? new Subset(null, null) : subset;
        seed = seed == null ? 0L : seed;
        threads = atLeast("threads", threads == null ? Runtime.getRuntime().availableProcessors() : threads, 1);
        if (outputDir == null) {
            throw new FieldError("output_dir", null, "is required: where checkpoints and metrics go");
        }
    }

    // ------------------------------------------------------------------------------------ schedule

    /** Whether schedule positions (milestones, step sizes, warm-up, periods) count epochs or iterations. */
    public enum Unit {
        EPOCH, ITERATION;

        @JsonValue
        String json() {
            return name().toLowerCase();
        }
    }

    /**
     * How the learning rate changes, in `unit`s [epoch] (the lr changes at epoch boundaries, as a per-epoch
     * `scheduler.step()`; with `iteration` it changes every step). An optional linear `warmup` (with
     * `warmup_start_factor` [1/3]) comes first and the schedule runs over what remains.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
    @JsonTypeIdResolver(SealedTypes.class)
    public sealed interface ScheduleSpec {
        Unit unit();

        Long warmup();

        Double warmupStartFactor();

        /** The schedule for a run of `total` units with this base (or maximum) learning rate. */
        LrSchedule build(double lr, long total);

        private static Unit unitOr(Unit u, Unit dflt) {
            return u == null ? dflt : u;
        }

        private static long warm(Long w) {
            if (w != null && w < 0) {
                throw new FieldError("warmup", w, "must be at least 0");
            }
            return w == null ? 0 : w;
        }

        private static double startFactor(Double f) {
            return fraction("warmup_start_factor", f == null ? 1.0 / 3 : f, true);
        }

        /** Wraps a schedule in its warm-up, if any. */
        default LrSchedule withWarmup(LrSchedule after) {
            return warmup() == 0 ? after : new LrSchedule.Warmup(warmup(), warmupStartFactor(), after);
        }

        record Constant(Unit unit, Long warmup, Double warmupStartFactor) implements ScheduleSpec {
            public Constant {
                unit = unitOr(unit, Unit.EPOCH);
                warmup = warm(warmup);
                warmupStartFactor = startFactor(warmupStartFactor);
            }

            @Override
            public LrSchedule build(double lr, long total) {
                return withWarmup(new LrSchedule.Constant(lr));
            }
        }

        /** Multiply the lr by `gamma` [0.1] every `step_size` units. */
        @JsonTypeName("step")
        record StepDecay(Long stepSize, Double gamma, Unit unit, Long warmup, Double warmupStartFactor) implements ScheduleSpec {
            public StepDecay {
                if (stepSize == null || stepSize < 1) {
                    throw new FieldError("step_size", stepSize, stepSize == null ? "is required" : "must be at least 1");
                }
                gamma = positive("gamma", gamma == null ? 0.1 : gamma);
                unit = unitOr(unit, Unit.EPOCH);
                warmup = warm(warmup);
                warmupStartFactor = startFactor(warmupStartFactor);
            }

            @Override
            public LrSchedule build(double lr, long total) {
                return withWarmup(new LrSchedule.Step(lr, stepSize, gamma));
            }
        }

        /** Multiply the lr by `gamma` [0.1] at each milestone (counted from the start of the run). */
        @JsonTypeName("multistep")
        record MultiStepDecay(List<Long> milestones, Double gamma, Unit unit, Long warmup, Double warmupStartFactor)
                implements ScheduleSpec {
            public MultiStepDecay {
                if (milestones == null || milestones.isEmpty()) {
                    throw new FieldError("milestones", milestones, "needs at least one milestone");
                }
                for (int i = 0; i < milestones.size(); i++) {
                    if (milestones.get(i) == null || milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
                        throw new FieldError("milestones", milestones, "must be increasing positive numbers");
                    }
                }
                milestones = List.copyOf(milestones);
                gamma = positive("gamma", gamma == null ? 0.1 : gamma);
                unit = unitOr(unit, Unit.EPOCH);
                warmup = warm(warmup);
                warmupStartFactor = startFactor(warmupStartFactor);
            }

            @Override
            public LrSchedule build(double lr, long total) {
                return withWarmup(new LrSchedule.MultiStep(lr, milestones, gamma));
            }
        }

        /** Cosine annealing to `eta_min` [0] over `t_max` units [the whole run after warm-up]. */
        @JsonTypeName("cosine")
        record CosineDecay(Long tMax, Double etaMin, Unit unit, Long warmup, Double warmupStartFactor) implements ScheduleSpec {
            public CosineDecay {
                if (tMax != null && tMax < 1) {
                    throw new FieldError("t_max", tMax, "must be at least 1");
                }
                etaMin = nonNegative("eta_min", etaMin == null ? 0.0 : etaMin);
                unit = unitOr(unit, Unit.EPOCH);
                warmup = warm(warmup);
                warmupStartFactor = startFactor(warmupStartFactor);
            }

            @Override
            public LrSchedule build(double lr, long total) {
                long period = tMax != null ? tMax : Math.max(1, total - warmup);
                return withWarmup(new LrSchedule.Cosine(lr, period, etaMin));
            }
        }

        /**
         * Smith and Topin's one-cycle policy (arXiv:1708.07120) as torch.optim.lr_scheduler.OneCycleLR: from
         * lr/`div_factor` up to the optimizer's lr over `pct_start` of the run, then cosine down to
         * lr/`div_factor`/`final_div_factor`, cycling momentum inversely. Unit defaults to iteration.
         */
        @JsonTypeName("onecycle")
        record OneCycleSchedule(Double pctStart, Double divFactor, Double finalDivFactor, Double baseMomentum,
                Double maxMomentum, Unit unit, Long warmup, Double warmupStartFactor) implements ScheduleSpec {
            public OneCycleSchedule {
                pctStart = fraction("pct_start", pctStart == null ? 0.3 : pctStart, false);
                divFactor = positive("div_factor", divFactor == null ? 25.0 : divFactor);
                finalDivFactor = positive("final_div_factor", finalDivFactor == null ? 1e4 : finalDivFactor);
                baseMomentum = fraction("base_momentum", baseMomentum == null ? 0.85 : baseMomentum, false);
                maxMomentum = fraction("max_momentum", maxMomentum == null ? 0.95 : maxMomentum, false);
                unit = unitOr(unit, Unit.ITERATION);
                if (warmup != null && warmup != 0) {
                    throw new FieldError("warmup", warmup, "onecycle has its own warm-up (pct_start)");
                }
                warmup = 0L;
                warmupStartFactor = startFactor(warmupStartFactor);
            }

            @Override
            public LrSchedule build(double lr, long total) {
                return new LrSchedule.OneCycle(lr, total, pctStart, divFactor, finalDivFactor, baseMomentum, maxMomentum);
            }
        }
    }

    // ------------------------------------------------------------------------------------ data

    /**
     * Training-set augmentation: random crops of the image zero-padded by `crop_padding` [0] on each side, and
     * random horizontal flips [false]. Inputs are always normalised with the data set's mean and std.
     */
    public record Augment(Integer cropPadding, Boolean flip) {
        public Augment {
            cropPadding = atLeast("crop_padding", cropPadding == null ? 0 : cropPadding, 0);
            flip = flip != null && flip;
        }
    }

    /**
     * For quick experiments: train on a seeded random `train` images of the training set (before the validation
     * split) and test on `test` images of the test set; null keeps every image.
     */
    public record Subset(Integer train, Integer test) {
        public Subset {
            if (train != null) {
                atLeast("train", train, 1);
            }
            if (test != null) {
                atLeast("test", test, 1);
            }
        }
    }

    /** Stop when `metric` (val_loss or val_acc) has not improved for `patience` epochs. */
    public record EarlyStopping(Metric metric, Integer patience) {
        public EarlyStopping {
            metric = metric == null ? Metric.VAL_LOSS : metric;
            patience = atLeast("patience", patience, 1);
        }
    }

    /** The validation metric that picks the best checkpoint and drives early stopping. */
    public enum Metric {
        VAL_LOSS, VAL_ACC;

        @JsonValue
        String json() {
            return name().toLowerCase();
        }

        public boolean better(double candidate, double best) {
            return this == VAL_LOSS ? candidate < best : candidate > best;
        }
    }
}
