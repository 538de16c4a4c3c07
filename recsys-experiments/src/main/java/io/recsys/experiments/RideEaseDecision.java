package io.recsys.experiments;

import com.fasterxml.jackson.annotation.JsonValue;

/** The RideEase summary's decision vocabulary (see {@link Decision#toRideEase()}). */
public enum RideEaseDecision {
    /** Ship the treatment. JSON {@code ship}. */
    SHIP("ship"),
    /** The treatment is worse: roll it back. JSON {@code rollback}. */
    ROLLBACK("rollback"),
    /** Inconclusive, no material difference, or untrustworthy data. JSON {@code keep-running}. */
    KEEP_RUNNING("keep-running");

    private final String jsonName;

    RideEaseDecision(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the name used in JSON */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }
}
