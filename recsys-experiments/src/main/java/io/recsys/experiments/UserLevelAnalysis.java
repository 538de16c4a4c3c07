package io.recsys.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The per-user part of {@code /experiment/analyze} ({@code user_level}): the analysis at the unit
 * of randomisation. Requests of one user are correlated, so the request-level tests beside it
 * understate the variance; this part does not (see {@code docs/ab-testing.md}).
 *
 * @param unit always {@code user}
 * @param sampling how many users were analysed and how they were sampled
 * @param srm the sample ratio check on users
 * @param goal the goal metric: ratio per request by the delta method, relative lift, CUPED on the
 *     per-user count, Bayesian read-outs; null when it cannot be computed
 * @param guardrails error rate and latency, each a non-inferiority test with its margin
 * @param decision ship, ship with guardrail breach, do not ship
 * @param reason why the goal is null; absent otherwise
 */
public record UserLevelAnalysis(
        @JsonProperty("unit") String unit,
        @JsonProperty("sampling") Sampling sampling,
        @JsonProperty("srm") ExperimentAnalysis.Srm srm,
        @JsonProperty("goal") Goal goal,
        @JsonProperty("guardrails") List<Guardrail> guardrails,
        @JsonProperty("decision") ShipDecision decision,
        @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

    /** Copies the list. */
    public UserLevelAnalysis {
        guardrails = List.copyOf(guardrails);
    }

    /**
     * @param rate the per-user sampling rate (1: every user)
     * @param usersA sampled users of A
     * @param usersB sampled users of B
     * @param estimatedUsersA usersA / rate
     * @param estimatedUsersB usersB / rate
     * @param userCountRelativeError relative standard error of the estimated counts, √((1 − r)/k)
     * @param usersInSeveralVariants sampled users served by both variants, left out
     */
    public record Sampling(
            @JsonProperty("rate") double rate,
            @JsonProperty("users_A") int usersA,
            @JsonProperty("users_B") int usersB,
            @JsonProperty("estimated_users_A") double estimatedUsersA,
            @JsonProperty("estimated_users_B") double estimatedUsersB,
            @JsonProperty("user_count_relative_error") double userCountRelativeError,
            @JsonProperty("users_in_several_variants") long usersInSeveralVariants) {
    }

    /**
     * @param metric e.g. {@code click_per_request} (or {@code success_per_request} without feedback)
     * @param ratio the ratio metric compared by the delta method
     * @param relativeLift B/A − 1 with its delta-method interval
     * @param cuped the per-user count (e.g. clicks per user), unadjusted and CUPED-adjusted
     * @param bayesian normal approximation on the ratio's difference
     * @param bayesianConvertedUsers Beta-binomial on the share of users with at least one event
     * @param significantWin whether B is significantly better on the ratio
     */
    public record Goal(
            @JsonProperty("metric") String metric,
            @JsonProperty("ratio") Ratio ratio,
            @JsonProperty("relative_lift") Lift relativeLift,
            @JsonProperty("cuped") Cuped cuped,
            @JsonProperty("bayesian") Bayesian bayesian,
            @JsonProperty("bayesian_converted_users") Bayesian bayesianConvertedUsers,
            @JsonProperty("significant_win") boolean significantWin) {
    }

    /**
     * @param rateA A's ratio
     * @param rateB B's ratio
     * @param delta B − A
     * @param standardError delta-method standard error
     * @param zStatistic z
     * @param pValue two-sided p-value
     * @param ciLower interval lower end
     * @param ciUpper interval upper end
     * @param method {@code delta_method}
     */
    public record Ratio(
            @JsonProperty("rate_A") double rateA,
            @JsonProperty("rate_B") double rateB,
            @JsonProperty("delta") double delta,
            @JsonProperty("standard_error") double standardError,
            @JsonProperty("z_statistic") double zStatistic,
            @JsonProperty("p_value") double pValue,
            @JsonProperty("ci_lower") double ciLower,
            @JsonProperty("ci_upper") double ciUpper,
            @JsonProperty("method") String method) {
    }

    /**
     * @param lift B/A − 1, null when A's rate is 0
     * @param ciLower interval lower end, null when not computable
     * @param ciUpper interval upper end, null when not computable
     * @param method {@code delta_method}
     */
    public record Lift(
            @JsonProperty("lift") Double lift,
            @JsonProperty("ci_lower") Double ciLower,
            @JsonProperty("ci_upper") Double ciUpper,
            @JsonProperty("method") String method) {
    }

    /**
     * @param metric the per-user outcome, e.g. {@code click_per_user}
     * @param covariate the same events in the period before the window, e.g. {@code click_before_window}
     * @param theta the regression coefficient
     * @param varianceReduction 1 − var(adjusted)/var(unadjusted)
     * @param unadjusted Welch on the raw per-user outcome
     * @param adjusted Welch on the CUPED-adjusted outcome
     */
    public record Cuped(
            @JsonProperty("metric") String metric,
            @JsonProperty("covariate") String covariate,
            @JsonProperty("theta") double theta,
            @JsonProperty("variance_reduction") double varianceReduction,
            @JsonProperty("unadjusted") Effect unadjusted,
            @JsonProperty("adjusted") Effect adjusted) {
    }

    /**
     * @param delta mean B − mean A
     * @param pValue two-sided Welch p-value
     * @param ciLower interval lower end
     * @param ciUpper interval upper end
     */
    public record Effect(
            @JsonProperty("delta") double delta,
            @JsonProperty("p_value") double pValue,
            @JsonProperty("ci_lower") double ciLower,
            @JsonProperty("ci_upper") double ciUpper) {
    }

    /**
     * @param method {@code normal_approximation} or {@code beta_binomial}
     * @param probabilityBBeatsA posterior probability that B is better
     * @param expectedLossB expected loss of shipping B
     * @param expectedLossA expected loss of keeping A
     */
    public record Bayesian(
            @JsonProperty("method") String method,
            @JsonProperty("probability_B_beats_A") double probabilityBBeatsA,
            @JsonProperty("expected_loss_B") double expectedLossB,
            @JsonProperty("expected_loss_A") double expectedLossA) {
    }

    /**
     * @param name {@code error_rate} or {@code latency_ms}
     * @param direction {@code lower_is_better}
     * @param margin the non-inferiority margin on the metric's scale
     * @param valueA A's ratio (errors per request, mean latency)
     * @param valueB B's ratio
     * @param improvement A − B (positive: B better)
     * @param lowerBound one-sided lower confidence bound of the improvement
     * @param pValue one-sided p-value of non-inferiority
     * @param status pass, breach or inconclusive
     */
    public record Guardrail(
            @JsonProperty("name") String name,
            @JsonProperty("direction") String direction,
            @JsonProperty("margin") double margin,
            @JsonProperty("value_A") double valueA,
            @JsonProperty("value_B") double valueB,
            @JsonProperty("improvement") double improvement,
            @JsonProperty("lower_bound") double lowerBound,
            @JsonProperty("p_value") double pValue,
            @JsonProperty("status") Guardrails.Status status) {
    }
}
