package io.recsys.experiments;

import io.recsys.experiments.stats.OneSidedTest;
import java.util.List;
import java.util.Objects;

/**
 * Guardrail metrics (error rate, latency) read beside the goal metric. Each guardrail is a
 * non-inferiority test of B against A with its own margin ({@link OneSidedTest}):
 * <ul>
 *   <li>{@link Status#PASS}: B is shown to be no worse than A by the margin (the one-sided lower
 *       bound of the improvement is above −margin);
 *   <li>{@link Status#BREACH}: not shown, and B's point estimate is worse than A's;
 *   <li>{@link Status#INCONCLUSIVE}: not shown, but B's estimate is not worse (too little data).
 * </ul>
 * The decision: the goal metric must be a significant win, else {@link ShipDecision#DO_NOT_SHIP};
 * with a win, a breach whose point estimate is worse than the margin itself gives
 * {@code DO_NOT_SHIP}, any other breach or an inconclusive guardrail
 * {@link ShipDecision#SHIP_WITH_GUARDRAIL_BREACH}, and all guardrails passing {@code SHIP}.
 */
public final class Guardrails {

    private Guardrails() {
    }

    /** A guardrail's state. */
    public enum Status {
        /** Non-inferior within the margin. */
        PASS,
        /** Worse and not shown non-inferior. */
        BREACH,
        /** Not worse, not shown non-inferior. */
        INCONCLUSIVE;

        /** @return the lower-case wire name */
        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param test the non-inferiority test
     * @return its guardrail status
     */
    public static Status status(OneSidedTest.Result test) {
        Objects.requireNonNull(test, "test");
        if (test.lowerBound() > -test.margin()) {
            return Status.PASS;
        }
        return test.improvement() < 0.0 ? Status.BREACH : Status.INCONCLUSIVE;
    }

    /**
     * @param goalIsSignificantWin whether the goal metric improved significantly
     * @param guardrails the guardrails' tests (possibly empty)
     * @return the decision
     */
    public static ShipDecision decide(boolean goalIsSignificantWin, List<OneSidedTest.Result> guardrails) {
        Objects.requireNonNull(guardrails, "guardrails");
        if (!goalIsSignificantWin) {
            return ShipDecision.DO_NOT_SHIP;
        }
        ShipDecision decision = ShipDecision.SHIP;
        for (OneSidedTest.Result g : guardrails) {
            Status s = status(g);
            if (s == Status.BREACH && g.improvement() < -g.margin()) {
                return ShipDecision.DO_NOT_SHIP;
            }
            if (s != Status.PASS) {
                decision = ShipDecision.SHIP_WITH_GUARDRAIL_BREACH;
            }
        }
        return decision;
    }
}
