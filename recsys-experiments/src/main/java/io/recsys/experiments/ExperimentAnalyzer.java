package io.recsys.experiments;

import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.experiments.stats.Bootstrap;
import io.recsys.experiments.stats.BootstrapInterval;
import io.recsys.experiments.stats.MixtureSprt;
import io.recsys.experiments.stats.Quantiles;
import io.recsys.experiments.stats.SampleRatioMismatch;
import io.recsys.experiments.stats.TwoProportionZTest;
import io.recsys.experiments.stats.WelchTTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Turns a window of an {@link ExperimentLog} into the {@code /experiment/analyze} answer
 * ({@link ExperimentAnalysis}): success rates with a two-proportion z-test and the decision
 * rules, a sample ratio mismatch check, an always-valid sequential test over the window's
 * buckets, conversions per feedback type, and a latency comparison.
 *
 * <p>The sequential test treats the start of the window as the start of the experiment and
 * looks once per bucket; its p-value is valid no matter how often the endpoint is polled.
 * Degenerate windows (no traffic, one empty arm, all successes, too few latencies) give nulls
 * with a {@code reason}, never NaN.
 */
public final class ExperimentAnalyzer {

    private final ExperimentLog log;
    private final Config config;

    /**
     * Analysis settings.
     *
     * @param rules the decision rules
     * @param confidenceLevel level of the z-test and Welch intervals (the RideEase summary is
     *     always 95%)
     * @param srmThreshold SRM alert threshold on the p-value
     * @param sequential the sequential test (τ, α)
     * @param bootstrapResamples resamples for the p95 latency interval
     * @param seed seed for the bootstrap and latency subsampling
     * @param maxLatencySamples most latencies per variant used in latency tests (subsampled)
     * @param primaryFeedback the feedback type the RideEase summary reports when present
     */
    public record Config(DecisionRules rules, double confidenceLevel, double srmThreshold,
            MixtureSprt sequential, int bootstrapResamples, long seed, int maxLatencySamples,
            UserEventType primaryFeedback) {

        /** Validates the settings. */
        public Config {
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(sequential, "sequential");
            Objects.requireNonNull(primaryFeedback, "primaryFeedback");
            if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0)) {
                throw new IllegalArgumentException("confidenceLevel must be in (0, 1), was " + confidenceLevel);
            }
            if (!(srmThreshold > 0.0 && srmThreshold < 1.0)) {
                throw new IllegalArgumentException("srmThreshold must be in (0, 1), was " + srmThreshold);
            }
            if (bootstrapResamples < 100) {
                throw new IllegalArgumentException("bootstrapResamples must be >= 100, was " + bootstrapResamples);
            }
            if (maxLatencySamples < 2) {
                throw new IllegalArgumentException("maxLatencySamples must be >= 2, was " + maxLatencySamples);
            }
        }

        /**
         * @return the seeds' rules, 95% intervals, SRM at p &lt; 0.001, mSPRT with τ = 0.01 and
         *     α = 0.05, 1,000 bootstrap resamples, seed 42, 2,000 latencies per variant, clicks
         */
        public static Config defaults() {
            return new Config(DecisionRules.DEFAULT, 0.95, SampleRatioMismatch.DEFAULT_THRESHOLD,
                    MixtureSprt.defaults(), 1_000, 42L, 2_000, UserEventType.CLICK);
        }
    }

    /**
     * @param log the experiment log to read
     */
    public ExperimentAnalyzer(ExperimentLog log) {
        this(log, Config.defaults());
    }

    /**
     * @param log the experiment log to read
     * @param config analysis settings
     */
    public ExperimentAnalyzer(ExperimentLog log, Config config) {
        this.log = Objects.requireNonNull(log, "log");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Analyses the last {@code window} of traffic.
     *
     * @param window how far back, e.g. {@code Duration.ofMinutes(120)}
     * @param info which variants to compare
     * @return the analysis
     * @throws IllegalArgumentException if the window is not positive
     */
    public ExperimentAnalysis analyze(Duration window, ExperimentInfo info) {
        return analyze(log.snapshot(window), window, info);
    }

    /**
     * Analyses a snapshot (pure: no access to the log).
     *
     * @param snapshot the per-variant outcomes
     * @param window the window the snapshot was taken for (reported only)
     * @param info which variants to compare
     * @return the analysis
     */
    public ExperimentAnalysis analyze(ExperimentSnapshot snapshot, Duration window, ExperimentInfo info) {
        VariantWindow a = snapshot.variant(info.variantA());
        VariantWindow b = snapshot.variant(info.variantB());
        long nA = a.requests();
        long nB = b.requests();

        ExperimentAnalysis.Experiment experiment = new ExperimentAnalysis.Experiment(info.name(), info.strategy(),
                label(info.labelA(), a, info.variantA()), label(info.labelB(), b, info.variantB()),
                info.variantA(), info.variantB(), window.toMinutes(),
                snapshot.from().toString(), snapshot.to().toString());
        ExperimentAnalysis.Metrics metrics = new ExperimentAnalysis.Metrics(
                variantMetrics(a), variantMetrics(b));

        ExperimentAnalysis.Srm srm = srm(nA, nB, info.expectedShareB());
        boolean mismatch = srm.mismatch();

        // Primary metric: success rate.
        Comparison success = compare(a.successes(), nA, b.successes(), nB, info, mismatch);
        String recommendation = success.results == null
                ? (mismatch ? config.rules().explain(Decision.INVALID_SRM, nA, nB, Double.NaN, 0.0)
                        : success.reason + "; keep running.")
                : config.rules().explain(success.decision, nA, nB, success.results.pValue(),
                        success.results.delta());
        ExperimentAnalysis.StatisticalAnalysis analysis = new ExperimentAnalysis.StatisticalAnalysis(
                "two_proportion_z_test", success.results, success.reason, success.decision,
                recommendation);

        ExperimentAnalysis.Sequential sequential = sequential(a, b);

        Map<String, ExperimentAnalysis.Conversion> conversion = new LinkedHashMap<>();
        Map<UserEventType, Comparison> conversionTests = new LinkedHashMap<>();
        for (UserEventType type : UserEventType.values()) {
            long cA = a.feedback(type);
            long cB = b.feedback(type);
            if (cA == 0 && cB == 0) {
                continue;
            }
            Comparison c = compare(cA, nA, cB, nB, info, mismatch);
            conversionTests.put(type, c);
            conversion.put(type.jsonName(), new ExperimentAnalysis.Conversion(
                    conversionMetrics(cA, nA), conversionMetrics(cB, nB), c.results, c.reason, c.decision));
        }

        ExperimentAnalysis.Latency latency = latency(a, b);
        ExperimentAnalysis.Summary summary = summary(conversionTests, success, a, b, nA, nB);
        UserLevelAnalysis userLevel = new UserLevelAnalyzer(config.confidenceLevel(), config.srmThreshold(),
                config.primaryFeedback()).analyze(a, b, info.expectedShareB());
        return new ExperimentAnalysis(experiment, metrics, analysis, srm, sequential, conversion,
                latency, summary, userLevel);
    }

    private static String label(String configured, VariantWindow w, String variant) {
        if (configured != null) {
            return configured;
        }
        return w.modelVersion() != null ? w.modelVersion() : variant;
    }

    private static ExperimentAnalysis.VariantMetrics variantMetrics(VariantWindow w) {
        long n = w.requests();
        long s = w.successes();
        return new ExperimentAnalysis.VariantMetrics(n, s, n == 0 ? null : (double) s / n,
                w.shadowRequests());
    }

    private static ExperimentAnalysis.ConversionMetrics conversionMetrics(long conversions, long requests) {
        return new ExperimentAnalysis.ConversionMetrics(requests, conversions,
                requests == 0 ? null : finiteOrNull((double) conversions / requests));
    }

    /** A z-test with the decision rules, or a reason why it could not run. */
    private record Comparison(ExperimentAnalysis.TestResults results, TwoProportionZTest.Result raw,
            String reason, Decision decision) {
    }

    private Comparison compare(long sA, long nA, long sB, long nB, ExperimentInfo info, boolean mismatch) {
        String reason = null;
        if (nA == 0 && nB == 0) {
            reason = "no requests in the window for either variant";
        } else if (nA == 0) {
            reason = "variant_A (" + info.variantA() + ") has no requests in the window";
        } else if (nB == 0) {
            reason = "variant_B (" + info.variantB() + ") has no requests in the window";
        } else if (sA > nA || sB > nB) {
            reason = "more events than requests in a variant (feedback attributed by user can repeat); "
                    + "the z-test needs at most one event per request";
        }
        if (reason != null) {
            return new Comparison(null, null, reason, mismatch ? Decision.INVALID_SRM : Decision.INCONCLUSIVE);
        }
        TwoProportionZTest.Result r = TwoProportionZTest.test(sA, nA, sB, nB, config.confidenceLevel());
        ExperimentAnalysis.TestResults results = new ExperimentAnalysis.TestResults(r.zStatistic(),
                r.pValue(), r.delta(), r.significantAt(config.rules().alpha()), r.ciLower(), r.ciUpper(),
                r.relativeLift() == null ? null : finiteOrNull(r.relativeLift()), r.confidenceLevel());
        Decision d = config.rules().decide(nA, nB, r.pValue(), r.delta(), mismatch);
        return new Comparison(results, r, null, d);
    }

    private ExperimentAnalysis.Srm srm(long nA, long nB, double shareB) {
        if (nA + nB == 0) {
            return new ExperimentAnalysis.Srm(false, shareB, null, null, null, config.srmThreshold(),
                    false, "no requests in the window");
        }
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(new long[] {nA, nB},
                new double[] {1.0 - shareB, shareB}, config.srmThreshold());
        return new ExperimentAnalysis.Srm(true, shareB, (double) nB / (nA + nB),
                finiteOrNull(r.chiSquare()), finiteOrNull(r.pValue()), config.srmThreshold(),
                r.mismatch(), null);
    }

    private ExperimentAnalysis.Sequential sequential(VariantWindow a, VariantWindow b) {
        MixtureSprt test = config.sequential();
        MixtureSprt.Monitor monitor = test.monitor();
        long[] rA = a.requestsPerBucket();
        long[] sA = a.successesPerBucket();
        long[] rB = b.requestsPerBucket();
        long[] sB = b.successesPerBucket();
        long cumRA = 0;
        long cumSA = 0;
        long cumRB = 0;
        long cumSB = 0;
        int looks = 0;
        int buckets = Math.min(rA.length, rB.length);
        for (int i = 0; i < buckets; i++) {
            cumRA += rA[i];
            cumSA += sA[i];
            cumRB += rB[i];
            cumSB += sB[i];
            if (cumRA > 0 && cumRB > 0 && (rA[i] > 0 || rB[i] > 0)) {
                monitor.observe(cumSA, cumRA, cumSB, cumRB);
                looks++;
            }
        }
        MixtureSprt.Look last = monitor.lastLook();
        if (last == null) {
            return new ExperimentAnalysis.Sequential("msprt_normal_mixture", test.tau(), test.alpha(),
                    0, null, false, null, null, "needs requests in both variants");
        }
        return new ExperimentAnalysis.Sequential("msprt_normal_mixture", test.tau(), test.alpha(),
                looks, finiteOrNull(monitor.pValue()), monitor.rejected(),
                finiteOrNull(last.csLower()), finiteOrNull(last.csUpper()), null);
    }

    private ExperimentAnalysis.Latency latency(VariantWindow a, VariantWindow b) {
        double[] la = subsample(a.latencySample(), config.seed());
        double[] lb = subsample(b.latencySample(), config.seed() + 1);
        ExperimentAnalysis.LatencyMetrics ma = latencyMetrics(la, a.latencyObservations());
        ExperimentAnalysis.LatencyMetrics mb = latencyMetrics(lb, b.latencyObservations());
        if (la.length < 2 || lb.length < 2) {
            return new ExperimentAnalysis.Latency(ma, mb, null, null,
                    "latency comparison needs at least 2 latencies per variant (have "
                            + la.length + " and " + lb.length + ")");
        }
        ExperimentAnalysis.Welch welch = null;
        String reason = null;
        try {
            WelchTTest.Result w = WelchTTest.test(la, lb, config.confidenceLevel());
            welch = new ExperimentAnalysis.Welch(w.delta(), w.tStatistic(), w.degreesOfFreedom(),
                    w.pValue(), w.ciLower(), w.ciUpper());
        } catch (IllegalArgumentException e) {
            reason = "Welch t-test not computable: " + e.getMessage();
        }
        Bootstrap bootstrap = new Bootstrap(config.bootstrapResamples(), config.confidenceLevel(), config.seed());
        BootstrapInterval p95 = bootstrap.twoSample(la, lb, ExperimentAnalyzer::p95InPlace,
                Bootstrap.Method.PERCENTILE);
        ExperimentAnalysis.BootstrapDifference diff = new ExperimentAnalysis.BootstrapDifference(
                p95.estimate(), p95.lower(), p95.upper(), "percentile", p95.resamples(),
                p95.confidenceLevel());
        return new ExperimentAnalysis.Latency(ma, mb, welch, diff, reason);
    }

    private static double p95InPlace(double[] data) {
        return Quantiles.quantile(data, 0.95);
    }

    private static ExperimentAnalysis.LatencyMetrics latencyMetrics(double[] sample, long observations) {
        if (sample.length == 0) {
            return new ExperimentAnalysis.LatencyMetrics(0, observations, null, null);
        }
        double mean = Arrays.stream(sample).average().orElse(0.0);
        return new ExperimentAnalysis.LatencyMetrics(sample.length, observations, finiteOrNull(mean),
                finiteOrNull(Quantiles.quantile(sample, 0.95)));
    }

    private double[] subsample(double[] sample, long seed) {
        int max = config.maxLatencySamples();
        if (sample.length <= max) {
            return sample;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(sample.length - i);
            double t = sample[i];
            sample[i] = sample[j];
            sample[j] = t;
        }
        return Arrays.copyOf(sample, max);
    }

    private ExperimentAnalysis.Summary summary(Map<UserEventType, Comparison> conversions,
            Comparison success, VariantWindow a, VariantWindow b, long nA, long nB) {
        Comparison chosen = conversions.get(config.primaryFeedback());
        String metric;
        long sA;
        long sB;
        if (chosen != null && chosen.results != null) {
            metric = config.primaryFeedback().jsonName();
            sA = a.feedback(config.primaryFeedback());
            sB = b.feedback(config.primaryFeedback());
        } else {
            chosen = success;
            metric = "success_rate";
            sA = a.successes();
            sB = b.successes();
        }
        if (chosen.raw == null) {
            Double rateA = nA == 0 ? null : finiteOrNull((double) sA / nA);
            Double rateB = nB == 0 ? null : finiteOrNull((double) sB / nB);
            Double delta = rateA == null || rateB == null ? null : rateB - rateA;
            return new ExperimentAnalysis.Summary(metric, rateA, rateB, delta, null, null,
                    chosen.decision.toRideEase());
        }
        TwoProportionZTest.Result r95 = config.confidenceLevel() == 0.95 ? chosen.raw
                : TwoProportionZTest.test(sA, nA, sB, nB, 0.95);
        return new ExperimentAnalysis.Summary(metric, r95.rateA(), r95.rateB(), r95.delta(),
                List.of(r95.ciLower(), r95.ciUpper()), r95.pValue(), chosen.decision.toRideEase());
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
