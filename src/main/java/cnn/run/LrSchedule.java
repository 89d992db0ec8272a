package cnn.run;

import cnn.nn.optim.OptimizerSpec;
import cnn.spec.FieldError;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A learning-rate schedule as a pure function of the step index t = 0, 1, 2, ... (the trainer decides whether t
 * counts epochs or iterations): {@code lr(t)} is the lr in effect during step t, i.e. torch.optim.lr_scheduler's
 * value after t calls of {@code sched.step()}. Closed forms replace PyTorch's recursive updates; they agree to
 * ~1e-16 relative.
 */
public sealed interface LrSchedule {
    double lr(long t);

    /** The momentum (SGD momentum, Adam beta1) during step t, for the schedules that cycle it. */
    default OptionalDouble momentum(long t) {
        return OptionalDouble.empty();
    }

    /** The momentum during step t: this schedule's where it cycles one, else the optimizer's own. */
    default double momentum(long t, OptimizerSpec optimizer) {
        return momentum(t).orElse(optimizer.defaultMomentum());
    }

    /** This schedule after a linear warm-up of {@code steps} steps; 0 steps means none. */
    default LrSchedule withWarmup(long steps, double startFactor) {
        return steps == 0 ? this : new Warmup(steps, startFactor, this);
    }

    private static long requireStep(long t) {
        return FieldError.atLeast("step", t, 0L);
    }

    /** The same lr at every step. */
    record Constant(double baseLr) implements LrSchedule {
        public Constant {
            FieldError.positive("base_lr", baseLr);
        }

        @Override
        public double lr(long t) {
            requireStep(t);
            return baseLr;
        }
    }

    /** StepLR: {@code base_lr * gamma^floor(t / step_size)}. */
    record Step(double baseLr, long stepSize, double gamma) implements LrSchedule {
        public Step {
            FieldError.positive("base_lr", baseLr);
            FieldError.atLeast("step_size", stepSize, 1L);
            FieldError.positive("gamma", gamma);
        }

        @Override
        public double lr(long t) {
            return baseLr * Math.pow(gamma, requireStep(t) / stepSize);
        }
    }

    /** MultiStepLR: {@code base_lr * gamma^(number of milestones <= t)}. */
    record MultiStep(double baseLr, List<Long> milestones, double gamma) implements LrSchedule {
        public MultiStep {
            FieldError.positive("base_lr", baseLr);
            milestones = List.copyOf(milestones);
            long previous = 0;
            for (long m : milestones) {
                if (m <= previous) {
                    throw new FieldError("milestones", milestones, "must be increasing positive numbers");
                }
                previous = m;
            }
            FieldError.positive("gamma", gamma);
        }

        @Override
        public double lr(long t) {
            requireStep(t);
            int passed = 0;
            while (passed < milestones.size() && milestones.get(passed) <= t) passed++;
            return baseLr * Math.pow(gamma, passed);
        }
    }

    /**
     * CosineAnnealingLR, the SGDR schedule without restarts (Loshchilov and Hutter, arXiv:1608.03983):
     * {@code eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2}; past T_max it rises again, as in PyTorch.
     */
    record Cosine(double baseLr, long tMax, double etaMin) implements LrSchedule {
        public Cosine {
            FieldError.positive("base_lr", baseLr);
            FieldError.atLeast("t_max", tMax, 1L);
            FieldError.nonNegative("eta_min", etaMin);
        }

        @Override
        public double lr(long t) {
            return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * requireStep(t) / tMax)) / 2;
        }
    }

    /**
     * OneCycleLR (Smith and Topin, arXiv:1708.07120) in PyTorch's two-phase cosine form (three_phase false,
     * anneal_strategy cos): the lr rises from max_lr/div_factor to max_lr until step pct_start*total_steps - 1, then
     * falls to max_lr/div_factor/final_div_factor at step total_steps - 1, while the momentum falls from
     * max_momentum to base_momentum and rises back. Steps past total_steps are an error, as in PyTorch.
     */
    record OneCycle(double maxLr, long totalSteps, double pctStart, double divFactor, double finalDivFactor,
                    double baseMomentum, double maxMomentum) implements LrSchedule {
        public OneCycle {
            FieldError.positive("max_lr", maxLr);
            FieldError.atLeast("total_steps", totalSteps, 1L);
            double peak = pctStart * totalSteps - 1;
            if (!(peak > 0 && peak < totalSteps - 1)) {
                throw new FieldError("pct_start", pctStart, "pct_start * total_steps - 1 must lie strictly between 0"
                        + " and total_steps - 1 so that both phases have a step (total_steps " + totalSteps + ")");
            }
            FieldError.positive("div_factor", divFactor);
            FieldError.positive("final_div_factor", finalDivFactor);
            FieldError.fraction("base_momentum", baseMomentum, false);
            FieldError.fraction("max_momentum", maxMomentum, false);
        }

        /** PyTorch's defaults: pct_start 0.3, div_factor 25, final_div_factor 1e4, momentum 0.85 to 0.95. */
        public OneCycle(double maxLr, long totalSteps) {
            this(maxLr, totalSteps, 0.3, 25, 1e4, 0.85, 0.95);
        }

        @Override
        public double lr(long t) {
            double initial = maxLr / divFactor;
            return rising(t) ? anneal(initial, maxLr, progress(t))
                    : anneal(maxLr, initial / finalDivFactor, progress(t));
        }

        @Override
        public OptionalDouble momentum(long t) {
            return OptionalDouble.of(rising(t) ? anneal(maxMomentum, baseMomentum, progress(t))
                    : anneal(baseMomentum, maxMomentum, progress(t)));
        }

        private double peakStep() {
            return pctStart * totalSteps - 1;
        }

        private boolean rising(long t) {
            requireStep(t);
            if (t > totalSteps) {
                throw new FieldError("step", t, "is past total_steps " + totalSteps);
            }
            return t <= peakStep();
        }

        /** The fraction of its phase that step t has completed. */
        private double progress(long t) {
            double peak = peakStep();
            return t <= peak ? t / peak : (t - peak) / (totalSteps - 1 - peak);
        }

        private static double anneal(double start, double end, double pct) {
            return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
        }
    }

    /**
     * A linear warm-up (Goyal et al., arXiv:1706.02677) followed by {@code then} over the remaining steps:
     * for t < steps the lr is {@code then.lr(0) * (start_factor + (1 - start_factor) * t / steps)}, afterwards
     * {@code then.lr(t - steps)}; PyTorch's SequentialLR(LinearLR(start_factor, total_iters=steps), then,
     * milestones=[steps]). During the warm-up the momentum, if any, stays at {@code then.momentum(0)}.
     */
    record Warmup(long steps, double startFactor, LrSchedule then) implements LrSchedule {
        public Warmup {
            FieldError.atLeast("warmup", steps, 1L);
            if (!(startFactor > 0 && startFactor <= 1)) {
                throw new FieldError("warmup_start_factor", startFactor, "must be in (0, 1]");
            }
            if (then == null || then instanceof Warmup) {
                throw new FieldError("then", then, "a warm-up must be followed by a schedule other than a warm-up");
            }
        }

        @Override
        public double lr(long t) {
            if (requireStep(t) >= steps) return then.lr(t - steps);
            return then.lr(0) * (startFactor + (1 - startFactor) * t / steps);
        }

        @Override
        public OptionalDouble momentum(long t) {
            return then.momentum(requireStep(t) >= steps ? t - steps : 0);
        }
    }
}
