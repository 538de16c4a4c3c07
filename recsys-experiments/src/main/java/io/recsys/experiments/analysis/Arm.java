package io.recsys.experiments.analysis;

/** The two sides a rollout analysis compares. */
public enum Arm {
    /** The version everyone not in the canary gets. */
    PRIMARY,
    /** The version being rolled out. */
    CANARY
}
