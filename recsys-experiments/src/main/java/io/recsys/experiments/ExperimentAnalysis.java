package io.recsys.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code /experiment/analyze}: the milestone report's shape
 * ({@code experiment}, {@code metrics}, {@code statistical_analysis}) extended with {@code srm},
 * {@code sequential}, {@code conversion}, {@code latency}, the RideEase {@code summary} and the
 * per-user {@code user_level}. Everything outside {@code user_level} counts requests as the seeds
 * do; requests of one user are correlated, so read {@code user_level} for the decision.
 * Serialises with Jackson to snake_case names (the RideEase summary keeps its camelCase).
 *
 * <p>No number is ever NaN or infinite: a value that cannot be computed is null and a
 * {@code reason} says why.
 *
 * @param experiment what was compared and over which window
 * @param metrics per-variant request success counts
 * @param statisticalAnalysis the two-proportion z-test on success rate and the decision
 * @param srm the sample ratio mismatch check
 * @param sequential the always-valid sequential test on success rate over the window
 * @param conversion per feedback type, conversions per request with their own z-test; empty
 *     when no feedback was recorded
 * @param latency mean and p95 per variant, Welch t-test and bootstrap interval of the p95 difference
 * @param summary the RideEase summary
 * @param userLevel the analysis per user (the unit of randomisation): SRM on users, delta-method
 *     ratio, relative lift, CUPED, Bayesian read-out, guardrails and their decision
 */
public record ExperimentAnalysis(
        @JsonProperty("experiment") Experiment experiment,
        @JsonProperty("metrics") Metrics metrics,
        @JsonProperty("statistical_analysis") StatisticalAnalysis statisticalAnalysis,
        @JsonProperty("srm") Srm srm,
        @JsonProperty("sequential") Sequential sequential,
        @JsonProperty("conversion") Map<String, Conversion> conversion,
        @JsonProperty("latency") Latency latency,
        @JsonProperty("summary") Summary summary,
        @JsonProperty("user_level") UserLevelAnalysis userLevel) {

    /** Copies the conversion map. */
    public ExperimentAnalysis {
        conversion = Map.copyOf(conversion);
    }

    /**
     * @param name the experiment's name (omitted when unnamed)
     * @param strategy rollout strategy
     * @param variantA label of A (model version or variant name)
     * @param variantB label of B
     * @param armA variant name of A in the records
     * @param armB variant name of B in the records
     * @param windowMinutes the requested window in minutes
     * @param from start of the window (ISO-8601)
     * @param to end of the window (ISO-8601)
     */
    public record Experiment(
            @JsonProperty("name") @JsonInclude(JsonInclude.Include.NON_NULL) String name,
            @JsonProperty("strategy") String strategy,
            @JsonProperty("variant_A") String variantA,
            @JsonProperty("variant_B") String variantB,
            @JsonProperty("arm_A") String armA,
            @JsonProperty("arm_B") String armB,
            @JsonProperty("window_minutes") long windowMinutes,
            @JsonProperty("from") String from,
            @JsonProperty("to") String to) {
    }

    /**
     * @param variantA A's counts
     * @param variantB B's counts
     */
    public record Metrics(
            @JsonProperty("variant_A") VariantMetrics variantA,
            @JsonProperty("variant_B") VariantMetrics variantB) {
    }

    /**
     * @param requests served requests
     * @param successes 2xx requests
     * @param successRate successes / requests, null with no requests
     * @param shadowRequests shadow scorings (not served, not in requests)
     */
    public record VariantMetrics(
            @JsonProperty("requests") long requests,
            @JsonProperty("successes") long successes,
            @JsonProperty("success_rate") Double successRate,
            @JsonProperty("shadow_requests") long shadowRequests) {
    }

    /**
     * @param test always {@code two_proportion_z_test}
     * @param results the test, null when it cannot be computed
     * @param reason why results is null; absent otherwise
     * @param decision the decision rules' outcome
     * @param recommendation a sentence explaining the decision
     */
    public record StatisticalAnalysis(
            @JsonProperty("test") String test,
            @JsonProperty("results") TestResults results,
            @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
            @JsonProperty("decision") Decision decision,
            @JsonProperty("recommendation") String recommendation) {
    }

    /**
     * A two-proportion z-test on B − A.
     *
     * @param zStatistic z (pooled standard error)
     * @param pValue two-sided p-value
     * @param delta p_B − p_A
     * @param significant p &lt; alpha
     * @param ciLower interval lower end (unpooled standard error)
     * @param ciUpper interval upper end
     * @param relativeLift delta / p_A, null when p_A = 0
     * @param confidenceLevel the interval's level
     */
    public record TestResults(
            @JsonProperty("z_statistic") double zStatistic,
            @JsonProperty("p_value") double pValue,
            @JsonProperty("delta") double delta,
            @JsonProperty("significant") boolean significant,
            @JsonProperty("ci_lower") double ciLower,
            @JsonProperty("ci_upper") double ciUpper,
            @JsonProperty("relative_lift") Double relativeLift,
            @JsonProperty("confidence_level") double confidenceLevel) {
    }

    /**
     * @param checked whether the check could run (both arms together had traffic)
     * @param expectedShareB configured share of B
     * @param observedShareB observed share of B, null without traffic
     * @param chiSquare Pearson χ², null when not checked
     * @param pValue its p-value, null when not checked
     * @param threshold alert threshold on the p-value
     * @param mismatch whether p &lt; threshold
     * @param reason why it was not checked; absent otherwise
     */
    public record Srm(
            @JsonProperty("checked") boolean checked,
            @JsonProperty("expected_share_B") double expectedShareB,
            @JsonProperty("observed_share_B") Double observedShareB,
            @JsonProperty("chi_square") Double chiSquare,
            @JsonProperty("p_value") Double pValue,
            @JsonProperty("threshold") double threshold,
            @JsonProperty("mismatch") boolean mismatch,
            @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    /**
     * @param method always {@code msprt_normal_mixture}
     * @param tau mixing standard deviation
     * @param alpha level
     * @param looks number of buckets evaluated
     * @param alwaysValidPValue min over looks of 1/Λ, null when no look had both arms
     * @param significant always-valid p &lt; alpha
     * @param csLower confidence sequence lower end at the last look, null without a look
     * @param csUpper confidence sequence upper end at the last look, null without a look
     * @param reason why nothing was computed; absent otherwise
     */
    public record Sequential(
            @JsonProperty("method") String method,
            @JsonProperty("tau") double tau,
            @JsonProperty("alpha") double alpha,
            @JsonProperty("looks") int looks,
            @JsonProperty("always_valid_p_value") Double alwaysValidPValue,
            @JsonProperty("significant") boolean significant,
            @JsonProperty("cs_lower") Double csLower,
            @JsonProperty("cs_upper") Double csUpper,
            @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    /**
     * Conversions of one feedback type per served request.
     *
     * @param variantA A's counts
     * @param variantB B's counts
     * @param results the z-test, null when it cannot be computed
     * @param reason why results is null; absent otherwise
     * @param decision the decision rules applied to this metric
     */
    public record Conversion(
            @JsonProperty("variant_A") ConversionMetrics variantA,
            @JsonProperty("variant_B") ConversionMetrics variantB,
            @JsonProperty("results") TestResults results,
            @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
            @JsonProperty("decision") Decision decision) {
    }

    /**
     * @param requests served requests
     * @param conversions attributed feedback events of the type
     * @param rate conversions / requests, null with no requests
     */
    public record ConversionMetrics(
            @JsonProperty("requests") long requests,
            @JsonProperty("conversions") long conversions,
            @JsonProperty("rate") Double rate) {
    }

    /**
     * @param variantA A's latency summary
     * @param variantB B's latency summary
     * @param welch Welch t-test on mean latency B − A, null when not computable
     * @param p95Difference bootstrap interval of p95(B) − p95(A), null when not computable
     * @param reason why a comparison is missing; absent otherwise
     */
    public record Latency(
            @JsonProperty("variant_A") LatencyMetrics variantA,
            @JsonProperty("variant_B") LatencyMetrics variantB,
            @JsonProperty("welch_t_test") Welch welch,
            @JsonProperty("p95_difference") BootstrapDifference p95Difference,
            @JsonProperty("reason") @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    /**
     * @param samples latencies in the sample
     * @param observations latencies observed in the window
     * @param meanMs sample mean, null without samples
     * @param p95Ms sample 95th percentile (type 7), null without samples
     */
    public record LatencyMetrics(
            @JsonProperty("samples") int samples,
            @JsonProperty("observations") long observations,
            @JsonProperty("mean_ms") Double meanMs,
            @JsonProperty("p95_ms") Double p95Ms) {
    }

    /**
     * @param deltaMeanMs mean(B) − mean(A)
     * @param tStatistic Welch t
     * @param degreesOfFreedom Welch–Satterthwaite df
     * @param pValue two-sided p-value
     * @param ciLower interval lower end
     * @param ciUpper interval upper end
     */
    public record Welch(
            @JsonProperty("delta_mean_ms") double deltaMeanMs,
            @JsonProperty("t_statistic") double tStatistic,
            @JsonProperty("df") double degreesOfFreedom,
            @JsonProperty("p_value") double pValue,
            @JsonProperty("ci_lower") double ciLower,
            @JsonProperty("ci_upper") double ciUpper) {
    }

    /**
     * @param estimateMs p95(B) − p95(A) on the samples
     * @param ciLower interval lower end
     * @param ciUpper interval upper end
     * @param method {@code percentile}
     * @param resamples bootstrap resamples
     * @param confidenceLevel interval level
     */
    public record BootstrapDifference(
            @JsonProperty("estimate_ms") double estimateMs,
            @JsonProperty("ci_lower") double ciLower,
            @JsonProperty("ci_upper") double ciUpper,
            @JsonProperty("method") String method,
            @JsonProperty("resamples") int resamples,
            @JsonProperty("confidence_level") double confidenceLevel) {
    }

    /**
     * The RideEase experiment summary (camelCase, as in its {@code /experiments/{name}/summary}).
     *
     * @param metric which rate: {@code click}, {@code watch}, {@code convert} (conversions per
     *     request) or {@code success_rate} when no feedback was recorded
     * @param conversionRateA A's rate, null without requests
     * @param conversionRateB B's rate, null without requests
     * @param delta B − A, null when either rate is null
     * @param ci95 95% interval of delta as [lower, upper], null when not computable
     * @param pValue two-sided p-value, null when not computable
     * @param decision ship, rollback or keep-running
     */
    public record Summary(
            @JsonProperty("metric") String metric,
            @JsonProperty("conversionRateA") Double conversionRateA,
            @JsonProperty("conversionRateB") Double conversionRateB,
            @JsonProperty("delta") Double delta,
            @JsonProperty("ci95") List<Double> ci95,
            @JsonProperty("pValue") Double pValue,
            @JsonProperty("decision") RideEaseDecision decision) {
    }
}
