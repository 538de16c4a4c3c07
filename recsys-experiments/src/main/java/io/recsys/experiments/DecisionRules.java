package io.recsys.experiments;

/**
 * The milestone report's ship / no-ship rules (section 5, "Decision Logic"), applied in order:
 * <pre>
 *   if sample ratio mismatch:              INVALID_SRM      (never ship on broken assignment)
 *   if min(n_A, n_B) &lt; minSamplesPerVariant:  INCONCLUSIVE  (default 1,000)
 *   if p ≥ alpha:                          NO_DIFFERENCE    (default alpha 0.05)
 *   if |δ| &lt; practicalThreshold:           NO_DIFFERENCE    (default 0.01 absolute: too small to matter)
 *   if δ &gt; 0:                              SHIP_VARIANT_B
 *   else:                                  SHIP_VARIANT_A
 * </pre>
 * where δ = p_B − p_A. The SRM rule is this library's addition: the seeds have no SRM check.
 * The comparison {@code |δ| < threshold} allows a relative slack of 1e-9 so that a delta that is
 * exactly the threshold in decimal (0.96 − 0.95) is not lost to binary round-off.
 *
 * @param minSamplesPerVariant minimum observations in each variant, &ge; 1
 * @param alpha significance level in (0, 1)
 * @param practicalThreshold minimum absolute effect worth shipping, &ge; 0
 */
public record DecisionRules(long minSamplesPerVariant, double alpha, double practicalThreshold) {

    /** The seeds' rules: 1,000 per variant, alpha 0.05, 1 percentage point. */
    public static final DecisionRules DEFAULT = new DecisionRules(1_000, 0.05, 0.01);

    /** Validates the thresholds. */
    public DecisionRules {
        if (minSamplesPerVariant < 1) {
            throw new IllegalArgumentException("minSamplesPerVariant must be >= 1, was " + minSamplesPerVariant);
        }
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        if (!(practicalThreshold >= 0.0) || Double.isInfinite(practicalThreshold)) {
            throw new IllegalArgumentException("practicalThreshold must be finite and >= 0, was "
                    + practicalThreshold);
        }
    }

    /**
     * Applies the rules.
     *
     * @param samplesA observations in A
     * @param samplesB observations in B
     * @param pValue the test's two-sided p-value (ignored when a sample is too small)
     * @param effect δ = metric_B − metric_A
     * @param sampleRatioMismatch whether the SRM check fired
     * @return the decision
     */
    public Decision decide(long samplesA, long samplesB, double pValue, double effect,
            boolean sampleRatioMismatch) {
        if (sampleRatioMismatch) {
            return Decision.INVALID_SRM;
        }
        if (Math.min(samplesA, samplesB) < minSamplesPerVariant) {
            return Decision.INCONCLUSIVE;
        }
        if (!(pValue < alpha)) {
            return Decision.NO_DIFFERENCE;
        }
        if (Math.abs(effect) < practicalThreshold * (1.0 - 1e-9)) {
            return Decision.NO_DIFFERENCE;
        }
        return effect > 0.0 ? Decision.SHIP_VARIANT_B : Decision.SHIP_VARIANT_A;
    }

    /**
     * A sentence explaining a decision, for the {@code recommendation} field.
     *
     * @param decision the decision
     * @param samplesA observations in A
     * @param samplesB observations in B
     * @param pValue the p-value (may be NaN when not computed)
     * @param effect δ
     * @return the explanation
     */
    public String explain(Decision decision, long samplesA, long samplesB, double pValue, double effect) {
        return switch (decision) {
            case INVALID_SRM -> "Sample ratio mismatch: the observed split differs from the configured "
                    + "one, so assignment or logging is broken. Do not ship; investigate.";
            case INCONCLUSIVE -> String.format(java.util.Locale.ROOT,
                    "Need at least %d requests per variant (have %d and %d); keep running.",
                    minSamplesPerVariant, samplesA, samplesB);
            case NO_DIFFERENCE -> pValue < alpha
                    ? String.format(java.util.Locale.ROOT,
                            "Statistically significant (p=%.3g) but the effect %.4f is below the "
                                    + "practical threshold %.4f.", pValue, effect, practicalThreshold)
                    : String.format(java.util.Locale.ROOT,
                            "No statistically significant difference (p=%.3g)", pValue);
            case SHIP_VARIANT_B -> String.format(java.util.Locale.ROOT,
                    "Variant B is better by %.4f (p=%.3g): ship variant B.", effect, pValue);
            case SHIP_VARIANT_A -> String.format(java.util.Locale.ROOT,
                    "Variant B is worse by %.4f (p=%.3g): keep variant A.", -effect, pValue);
        };
    }
}
