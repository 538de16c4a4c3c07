package io.recsys.core;

import java.util.Objects;

/**
 * The two variants of a rollout that an experiment compares, as the rollout strategy names them in
 * its {@link Route}s, and the share of their joint traffic the strategy means to give the
 * treatment. Strategies describe themselves with it ({@link RolloutPolicy#arms()}), so a caller
 * never needs to know strategy names.
 *
 * @param control the control's variant name, e.g. {@code primary} or {@code A}
 * @param treatment the treatment's variant name, e.g. {@code canary} or {@code B}
 * @param treatmentShare the intended share of the treatment among both, in (0, 1)
 */
public record ExperimentArms(String control, String treatment, double treatmentShare) {
    /** Validates names and share. */
    public ExperimentArms {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(treatment, "treatment");
        if (control.equals(treatment)) {
            throw new IllegalArgumentException("control and treatment must differ, got '" + control + "' twice");
        }
        if (!(treatmentShare > 0.0 && treatmentShare < 1.0)) {
            throw new IllegalArgumentException("treatmentShare must lie in (0, 1), got " + treatmentShare);
        }
    }
}
