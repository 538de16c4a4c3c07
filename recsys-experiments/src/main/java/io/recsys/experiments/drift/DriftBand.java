package io.recsys.experiments.drift;

/**
 * The usual reading of a population stability index (Siddiqi, <i>Credit Risk Scorecards</i>,
 * 2006; Yurdakul, "Statistical properties of the population stability index", 2018).
 */
public enum DriftBand {
    /** PSI &lt; 0.1: no significant change. */
    STABLE,
    /** 0.1 &le; PSI &le; 0.25: moderate change, investigate. */
    MODERATE,
    /** PSI &gt; 0.25: significant change, act (e.g. retrain). */
    SIGNIFICANT;

    /**
     * @param psi a population stability index
     * @return its band
     * @throws IllegalArgumentException if psi is negative or NaN
     */
    public static DriftBand of(double psi) {
        if (!(psi >= 0.0)) {
            throw new IllegalArgumentException("PSI must be >= 0, was " + psi);
        }
        if (psi < 0.1) {
            return STABLE;
        }
        return psi <= 0.25 ? MODERATE : SIGNIFICANT;
    }
}
