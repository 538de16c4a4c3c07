package io.recsys.experiments.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one evaluation, with its evidence.
 *
 * @param action what to do
 * @param at when it was decided
 * @param step the 1-based step evaluated
 * @param weight the canary percentage of that step
 * @param nextWeight the canary percentage after the action (0 after a rollback, 100 after a promotion)
 * @param reason a one-line explanation (the failing check's counts and p-value for a rollback)
 * @param checks every check's evidence
 * @param srm the sample-ratio check of the step
 */
public record RolloutDecision(Action action, Instant at, int step, double weight, double nextWeight, String reason,
        List<CheckResult> checks, SrmEvidence srm) {

    /** What an evaluation decided. */
    public enum Action {
        /** Stay at the current step: it needs more time, users or evidence. */
        HOLD,
        /** Move to the next step's weight. */
        ADVANCE,
        /** Every step passed: the canary becomes the fixed version. */
        PROMOTE,
        /** A check found the canary worse: everyone goes back to the primary at once. */
        ROLLBACK,
        /** The data is not valid (sample ratio mismatch): stop deciding until an operator resumes. */
        PAUSE;

        /** @return the lower-case name used in JSON, metrics and logs */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Requires the action, time and reason; copies the checks. */
    public RolloutDecision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        checks = List.copyOf(checks);
    }

    /** @return whether the action changes what serves (advance, promote or roll back) */
    public boolean changesTraffic() {
        return action == Action.ADVANCE || action == Action.PROMOTE || action == Action.ROLLBACK;
    }
}
