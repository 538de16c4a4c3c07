package io.recsys.experiments;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The outcome of the decision rules (see {@link DecisionRules}), with the JSON names of the
 * {@code /experiment/analyze} response.
 */
public enum Decision {
    /** Fewer observations than the minimum per variant: keep collecting. JSON {@code inconclusive}. */
    INCONCLUSIVE("inconclusive"),
    /** Not significant, or significant but smaller than the practical threshold. JSON {@code no_difference}. */
    NO_DIFFERENCE("no_difference"),
    /** B is significantly and materially better. JSON {@code ship_variant_b}. */
    SHIP_VARIANT_B("ship_variant_b"),
    /** A is significantly and materially better (B is worse). JSON {@code ship_variant_a}. */
    SHIP_VARIANT_A("ship_variant_a"),
    /**
     * The observed split does not match the configured one (sample ratio mismatch): the data are
     * not trustworthy and nothing is shipped. JSON {@code invalid_srm}.
     */
    INVALID_SRM("invalid_srm");

    private final String jsonName;

    Decision(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the snake_case name used in JSON */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /**
     * The RideEase vocabulary: {@code ship} (ship the treatment B), {@code rollback} (the
     * treatment is worse: go back to A) or {@code keep-running} (no decision yet, including an
     * SRM, which must be investigated before any decision).
     *
     * @return the RideEase decision
     */
    public RideEaseDecision toRideEase() {
        return switch (this) {
            case SHIP_VARIANT_B -> RideEaseDecision.SHIP;
            case SHIP_VARIANT_A -> RideEaseDecision.ROLLBACK;
            case INCONCLUSIVE, NO_DIFFERENCE, INVALID_SRM -> RideEaseDecision.KEEP_RUNNING;
        };
    }
}
