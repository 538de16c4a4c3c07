package io.recsys.examples.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.recsys.core.serving.ServiceMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's own request meters, named as in the seeds (Prometheus names in brackets):
 * {@code recommend.requests} [recommend_requests_total{status,endpoint}],
 * {@code recommend.latency} [recommend_latency_seconds{endpoint}, histogram],
 * {@code recommend.errors} [recommend_errors_total{error_type,endpoint}],
 * {@code ab.test.requests} [ab_test_requests_total{variant,status}],
 * {@code ab.test.latency} [ab_test_latency_seconds{variant}] and
 * {@code slo.error.budget.remaining.ratio}. Tags carry only bounded values: route templates (or
 * {@code unmatched}), status codes, error types and variant names. Meters come from Micrometer
 * {@link Meter.MeterProvider}s, which keep one meter per tag set without a lock.
 */
final class EndpointMetrics {
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Timer> latency;
    private final Meter.MeterProvider<Counter> errors;
    private final Meter.MeterProvider<Counter> variantRequests;
    private final Meter.MeterProvider<Timer> variantLatency;
    private final LongAdder total = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();

    EndpointMetrics(MeterRegistry registry) {
        this.requests = Counter.builder("recommend.requests")
                .description("Requests answered, by endpoint template and HTTP status").withRegistry(registry);
        this.latency = latencyTimer("recommend.latency", "Time to answer a request, by endpoint template")
                .withRegistry(registry);
        this.errors = Counter.builder("recommend.errors")
                .description("Requests answered with an error, by endpoint template and error type").withRegistry(registry);
        this.variantRequests = Counter.builder("ab.test.requests")
                .description("Recommendation requests by rollout variant and HTTP status").withRegistry(registry);
        this.variantLatency = latencyTimer("ab.test.latency", "Recommendation latency by rollout variant")
                .withRegistry(registry);
        Gauge.builder("slo.error.budget.remaining.ratio", this, EndpointMetrics::errorBudgetRemaining)
                .description("Share of the error budget left since start: 1 - (5xx ratio / (1 - availability target))")
                .register(registry);
    }

    private static Timer.Builder latencyTimer(String name, String description) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .serviceLevelObjectives(ServiceMetrics.SLO_LATENCY)
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10));
    }

    /**
     * Records one answered request.
     *
     * @param endpoint route template or {@code unmatched}
     * @param status HTTP status
     * @param nanos time to answer
     */
    void request(String endpoint, int status, long nanos) {
        requests.withTags("status", Integer.toString(status), "endpoint", endpoint).increment();
        latency.withTags("endpoint", endpoint).record(nanos, TimeUnit.NANOSECONDS);
        total.increment();
        if (status >= 500) {
            serverErrors.increment();
        }
    }

    /**
     * @param endpoint route template or {@code unmatched}
     * @param errorType the error type of the answer, e.g. {@code bad_request}
     */
    void error(String endpoint, String errorType) {
        errors.withTags("error_type", errorType, "endpoint", endpoint).increment();
    }

    /**
     * Records a recommendation request by the rollout variant that served (or failed) it.
     *
     * @param variant variant name
     * @param status HTTP status
     * @param nanos time to answer
     */
    void variant(String variant, int status, long nanos) {
        variantRequests.withTags("variant", variant, "status", Integer.toString(status)).increment();
        variantLatency.withTags("variant", variant).record(nanos, TimeUnit.NANOSECONDS);
    }

    private double errorBudgetRemaining() {
        long n = total.sum();
        if (n == 0) {
            return 1.0;
        }
        double errorRatio = serverErrors.sum() / (double) n;
        return 1.0 - errorRatio / (1.0 - ServiceMetrics.SLO_AVAILABILITY);
    }
}
