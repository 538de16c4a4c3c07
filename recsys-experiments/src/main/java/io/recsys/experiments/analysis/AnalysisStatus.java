package io.recsys.experiments.analysis;

import java.util.Locale;

/** Where an analysed rollout stands. */
public enum AnalysisStatus {
    /** Evaluated every interval. */
    RUNNING,
    /** Not evaluated until resumed (by an operator, or after a sample ratio mismatch). */
    PAUSED,
    /** Finished: the canary was promoted. */
    PROMOTED,
    /** Finished: the canary was rolled back. */
    ROLLED_BACK,
    /** Finished: an operator stopped the analysis (traffic left as it was). */
    ABORTED;

    /** @return whether the analysis is over */
    public boolean finished() {
        return this == PROMOTED || this == ROLLED_BACK || this == ABORTED;
    }

    /** @return the lower-case name used in JSON */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
