package io.recsys.als;

import java.util.Objects;

/**
 * How {@link AlsRecommender} folds live events into a user's vector. The weighting and the
 * regularisation are the training's (see {@link #of(AlsHyperparameters)}): an event of strength
 * {@code r} gets confidence {@code c = 1 + alpha * r * 0.5^(d / halfLife)} with {@code d} its
 * position from the user's latest event ({@link RecencyRule#POSITION}) or its age in days before it
 * ({@link RecencyRule#AGE_DAYS}); the user's training interactions keep their trained weights,
 * each further discounted by {@code 0.5^(m / halfLife)} under the position rule, where {@code m}
 * is the number of distinct live items (each moves them one position further from the end, exactly
 * as retraining would). The user's row then solves
 * {@code (YᵀY + lambda_u I + Yᵀ(C - I)Y) x = Yᵀ C p} by conjugate gradient, warm-started from the
 * current vector ({@code cgSteps} steps) or from zero for a user the model does not know
 * ({@code coldSteps} steps).
 *
 * @param alpha confidence scale ({@code >= 0})
 * @param regularization lambda ({@code >= 0})
 * @param weightedRegularization lambda times the number of the user's interactions (ALS-WR)
 * @param binarize every event counts {@code r = 1}
 * @param recency the recency discount rule
 * @param recencyHalfLife its half-life, positions or days ({@code > 0})
 * @param cgSteps CG steps from a warm start ({@code >= 1})
 * @param coldSteps CG steps from zero ({@code >= 1})
 * @param maxEvents live events kept per user ({@code >= 1}); older ones leave the state and the solve
 */
public record FoldInSettings(double alpha, double regularization, boolean weightedRegularization, boolean binarize,
                             RecencyRule recency, double recencyHalfLife, int cgSteps, int coldSteps, int maxEvents) {

    /** Default live events kept per user. */
    public static final int DEFAULT_MAX_EVENTS = 50;

    /** Validates the ranges. */
    public FoldInSettings {
        Objects.requireNonNull(recency, "recency");
        if (!(alpha >= 0) || !(regularization >= 0) || Double.isInfinite(alpha) || Double.isInfinite(regularization)) {
            throw new IllegalArgumentException("alpha and regularization must be finite and >= 0");
        }
        if (!(recencyHalfLife > 0) || Double.isInfinite(recencyHalfLife)) {
            throw new IllegalArgumentException("recencyHalfLife must be finite and > 0");
        }
        if (cgSteps < 1 || coldSteps < 1 || maxEvents < 1) {
            throw new IllegalArgumentException("cgSteps, coldSteps and maxEvents must be >= 1");
        }
    }

    /**
     * The training's weighting: alpha, lambda, ALS-WR, binarising and recency as fitted; 4 warm CG
     * steps (the fit uses {@code cgSteps} per sweep over many sweeps, and one event moves the
     * solution little), 12 cold ones, the last {@value #DEFAULT_MAX_EVENTS} events.
     *
     * @param hp the fit's hyperparameters
     * @return the settings
     */
    public static FoldInSettings of(AlsHyperparameters hp) {
        return new FoldInSettings(hp.alpha(), hp.regularization(), hp.weightedRegularization(), hp.binarize(),
                hp.recency(), hp.recencyHalfLife(), Math.max(4, hp.cgSteps()), 12, DEFAULT_MAX_EVENTS);
    }

    /** @return the settings for models whose fit is unknown (imported factors): {@link AlsHyperparameters#defaults()} */
    public static FoldInSettings defaults() {
        return of(AlsHyperparameters.defaults());
    }

    /**
     * @param rule another recency rule (e.g. {@link RecencyRule#NONE} to measure what the discount brings)
     * @return these settings with that rule
     */
    public FoldInSettings withRecency(RecencyRule rule) {
        return new FoldInSettings(alpha, regularization, weightedRegularization, binarize, rule, recencyHalfLife,
                cgSteps, coldSteps, maxEvents);
    }

    /**
     * @param warm CG steps from a warm start
     * @param cold CG steps from zero
     * @return these settings with those step counts
     */
    public FoldInSettings withSteps(int warm, int cold) {
        return new FoldInSettings(alpha, regularization, weightedRegularization, binarize, recency, recencyHalfLife,
                warm, cold, maxEvents);
    }
}
