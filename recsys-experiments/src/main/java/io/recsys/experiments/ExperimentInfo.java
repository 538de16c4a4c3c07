package io.recsys.experiments;

import java.util.Objects;

/**
 * Which two variants of a rollout to compare and how traffic is meant to be split between them.
 *
 * @param strategy the rollout strategy shown in the answer, e.g. {@code ab_test} or {@code canary}
 * @param variantA the control's variant name in the records ({@code A}, or {@code primary})
 * @param variantB the treatment's variant name ({@code B}, or {@code canary})
 * @param labelA what to show for A (e.g. its model version), or null to use the version seen in
 *     the records, else the variant name
 * @param labelB likewise for B
 * @param expectedShareB the configured share of B among A + B traffic, in (0, 1): 0.5 for an
 *     A/B test, the canary percentage / 100 for a canary
 * @param name the experiment's name, shown in the answer, or null
 */
public record ExperimentInfo(String strategy, String variantA, String variantB, String labelA,
        String labelB, double expectedShareB, String name) {

    /** An unnamed experiment. */
    public ExperimentInfo(String strategy, String variantA, String variantB, String labelA, String labelB,
            double expectedShareB) {
        this(strategy, variantA, variantB, labelA, labelB, expectedShareB, null);
    }

    /** Validates names and the share. */
    public ExperimentInfo {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(variantA, "variantA");
        Objects.requireNonNull(variantB, "variantB");
        if (variantA.equals(variantB)) {
            throw new IllegalArgumentException("compare two different variants, got '" + variantA + "' twice");
        }
        if (!(expectedShareB > 0.0 && expectedShareB < 1.0)) {
            throw new IllegalArgumentException("expectedShareB must be in (0, 1), was " + expectedShareB
                    + "; for a canary pass the canary percentage / 100");
        }
    }

    /**
     * The seeds' A/B test: variants {@code A} and {@code B}, 50/50.
     *
     * @param versionA the version A serves, or null
     * @param versionB the version B serves, or null
     * @return the experiment
     */
    public static ExperimentInfo abTest(String versionA, String versionB) {
        return new ExperimentInfo("ab_test", "A", "B", versionA, versionB, 0.5);
    }

    /**
     * A canary: variants {@code primary} (as A) and {@code canary} (as B).
     *
     * @param primaryVersion the primary's version, or null
     * @param canaryVersion the canary's version, or null
     * @param canaryPercentage the canary's configured share of traffic in percent, in (0, 100)
     * @return the experiment
     */
    public static ExperimentInfo canary(String primaryVersion, String canaryVersion,
            double canaryPercentage) {
        return new ExperimentInfo("canary", "primary", "canary", primaryVersion, canaryVersion,
                canaryPercentage / 100.0);
    }
}
