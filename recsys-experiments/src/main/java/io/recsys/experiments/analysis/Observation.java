package io.recsys.experiments.analysis;

import java.util.Objects;

/**
 * A snapshot of both arms, the input of one {@link RolloutAnalysis#evaluate evaluation}.
 *
 * @param primary the primary's counts
 * @param canary the canary's counts
 * @param untrackedUsers users not tracked because the user table was full (their requests still count)
 */
public record Observation(ArmObservation primary, ArmObservation canary, long untrackedUsers) {

    /** Requires both arms. */
    public Observation {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(canary, "canary");
    }

    /**
     * @param arm an arm
     * @return that arm's counts
     */
    public ArmObservation arm(Arm arm) {
        return arm == Arm.CANARY ? canary : primary;
    }
}
