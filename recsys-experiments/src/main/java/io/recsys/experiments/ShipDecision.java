package io.recsys.experiments;

import com.fasterxml.jackson.annotation.JsonValue;

/** The decision on the goal metric read together with the guardrails (see {@link Guardrails}). */
public enum ShipDecision {
    /** The goal metric wins and every guardrail holds its non-inferiority margin. */
    SHIP("ship"),
    /** The goal metric wins but a guardrail is worse or unproven within its margin: a human signs off. */
    SHIP_WITH_GUARDRAIL_BREACH("ship with guardrail breach"),
    /** The goal metric does not win, or a guardrail is worse than its margin. */
    DO_NOT_SHIP("do not ship");

    private final String wire;

    ShipDecision(String wire) {
        this.wire = wire;
    }

    /** @return the wire name */
    @JsonValue
    public String wire() {
        return wire;
    }
}
