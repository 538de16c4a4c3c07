package io.recsys.core.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.recsys.core.ModelInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's Micrometer meters, named as in the seeds (Prometheus names in brackets):
 * {@code recommend.requests} [recommend_requests_total{status,endpoint}],
 * {@code recommend.latency} [recommend_latency_seconds{endpoint}, histogram],
 * {@code recommend.errors} [recommend_errors_total{error_type,endpoint}],
 * {@code model.version.info} [model_version_info{model_name,version,git_sha,data_snapshot,role}],
 * {@code model.switches} [model_switches_total{from_version,to_version,status}],
 * {@code model.load} [model_load_seconds], {@code ab.test.requests} [ab_test_requests_total{variant,status}],
 * {@code ab.test.latency} [ab_test_latency_seconds{variant}], {@code service.uptime}
 * [service_uptime_seconds], {@code service.health.status} [service_health_status],
 * {@code slo.latency.target.seconds}, {@code slo.availability.target.ratio},
 * {@code slo.error.budget.remaining.ratio}, {@code provenance.sink.errors}
 * [provenance_sink_errors_total{sink}], {@code shadow.requests} [shadow_requests_total{outcome}].
 *
 * <p>Tags carry only bounded values: endpoint templates, status codes, variant names, and
 * versions that exist in the registry. User ids never become tags.
 */
public final class ServiceMetrics {
    /** Latency objective of the seeds: p95 under 100 ms. */
    public static final Duration SLO_LATENCY = Duration.ofMillis(100);
    /** Availability objective of the seeds: 99.9%. */
    public static final double SLO_AVAILABILITY = 0.999;

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final MultiGauge versionInfo;
    private final AtomicInteger healthy = new AtomicInteger();
    private final LongAdder totalRequests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final Timer modelLoad;
    private final long startNanos = System.nanoTime();

    /**
     * Registers the service-level meters.
     *
     * @param registry where to register
     */
    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.versionInfo = MultiGauge.builder("model.version.info")
                .description("Model versions currently serving (value 1)").register(registry);
        this.modelLoad = Timer.builder("model.load").description("Time to load, verify and warm a model version")
                .register(registry);
        TimeGauge.builder("service.uptime", this, TimeUnit.SECONDS, m -> (System.nanoTime() - m.startNanos) / 1e9)
                .description("Seconds since the service started").register(registry);
        Gauge.builder("service.health.status", healthy, AtomicInteger::get)
                .description("1 when a model is loaded and serving, else 0").register(registry);
        Gauge.builder("slo.latency.target.seconds", () -> SLO_LATENCY.toNanos() / 1e9)
                .description("Latency objective (p95)").register(registry);
        Gauge.builder("slo.availability.target.ratio", () -> SLO_AVAILABILITY)
                .description("Availability objective").register(registry);
        Gauge.builder("slo.error.budget.remaining.ratio", this, ServiceMetrics::errorBudgetRemaining)
                .description("Share of the error budget left since start: 1 - (5xx ratio / (1 - availability target))")
                .register(registry);
    }

    /** @return the registry the meters live in */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Records one answered request of any endpoint.
     *
     * @param endpoint path template, e.g. {@code /recommend/{user_id}}
     * @param status HTTP status code
     * @param nanos time to answer
     */
    public void recordRequest(String endpoint, int status, long nanos) {
        String statusText = Integer.toString(status);
        counter("recommend.requests", "status", statusText, "endpoint", endpoint).increment();
        timer("recommend.latency", "endpoint", endpoint).record(nanos, TimeUnit.NANOSECONDS);
        totalRequests.increment();
        if (status >= 500) {
            serverErrors.increment();
        }
    }

    /**
     * Records an error by type.
     *
     * @param endpoint path template
     * @param errorType a short, bounded error type, e.g. {@code invalid_request}
     */
    public void recordError(String endpoint, String errorType) {
        counter("recommend.errors", "error_type", errorType, "endpoint", endpoint).increment();
    }

    /**
     * Records a request's rollout variant.
     *
     * @param variant variant name
     * @param status HTTP status code
     * @param nanos time to answer
     */
    public void recordVariant(String variant, int status, long nanos) {
        counter("ab.test.requests", "variant", variant, "status", Integer.toString(status)).increment();
        timer("ab.test.latency", "variant", variant).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * @param event a switch attempt; its {@code to_version} must be a bounded value
     */
    public void recordSwitch(SwitchEvent event) {
        counter("model.switches", "from_version", event.fromVersion(), "to_version", event.toVersion(),
                "status", event.status()).increment();
    }

    /** @param nanos time to load, verify and warm a version */
    public void recordModelLoad(long nanos) {
        modelLoad.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param sink the sink that threw */
    public void recordSinkError(String sink) {
        counter("provenance.sink.errors", "sink", sink).increment();
    }

    /** @param outcome {@code scored}, {@code dropped} or {@code error} */
    public void recordShadow(String outcome) {
        counter("shadow.requests", "outcome", outcome).increment();
    }

    /**
     * Replaces the {@code model_version_info} rows with the versions now serving.
     *
     * @param primary the primary model
     * @param others other loaded models the policy routes to (canary, B, shadow)
     */
    public void setServing(ModelInfo primary, List<ModelInfo> others) {
        var rows = new ArrayList<MultiGauge.Row<?>>();
        rows.add(row(primary, "primary"));
        for (ModelInfo o : others) {
            rows.add(row(o, "canary"));
        }
        versionInfo.register(rows, true);
        healthy.set(1);
    }

    /** Marks the service unhealthy (no model loaded). */
    public void setUnhealthy() {
        healthy.set(0);
    }

    /** @return seconds since start */
    public double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private double errorBudgetRemaining() {
        long total = totalRequests.sum();
        if (total == 0) {
            return 1.0;
        }
        double errorRatio = serverErrors.sum() / (double) total;
        return 1.0 - errorRatio / (1.0 - SLO_AVAILABILITY);
    }

    private static MultiGauge.Row<?> row(ModelInfo info, String role) {
        return MultiGauge.Row.of(Tags.of("model_name", info.modelName(), "version", info.version().toString(),
                "git_sha", info.shortGitSha(), "data_snapshot", shorten(info.dataSnapshotId()), "role", role), 1.0);
    }

    private static String shorten(String s) {
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    /** Help text of each counter and timer, shown in the Prometheus exposition. */
    private static final java.util.Map<String, String> DESCRIPTIONS = java.util.Map.of(
            "recommend.requests", "Requests answered, by endpoint template and HTTP status",
            "recommend.latency", "Time to answer a request, by endpoint template",
            "recommend.errors", "Requests answered with an error, by endpoint template and error type",
            "ab.test.requests", "Recommendation requests by rollout variant and HTTP status",
            "ab.test.latency", "Recommendation latency by rollout variant",
            "model.switches", "Attempted version switches by outcome (to_version=other for versions that do not exist)",
            "provenance.sink.errors", "Provenance records a sink failed to accept (the request still succeeded)",
            "shadow.requests", "Shadow scorings by outcome (scored, dropped when the queue is full, error)");

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(key(name, tags), k -> Counter.builder(name).tags(tags)
                .description(DESCRIPTIONS.get(name)).register(registry));
    }

    private Timer timer(String name, String... tags) {
        return timers.computeIfAbsent(key(name, tags), k -> Timer.builder(name).tags(tags)
                .description(DESCRIPTIONS.get(name))
                .publishPercentileHistogram()
                .serviceLevelObjectives(SLO_LATENCY)
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry));
    }

    private static String key(String name, String... tags) {
        var sb = new StringBuilder(name);
        for (String t : tags) {
            sb.append('\u0000').append(t);
        }
        return sb.toString();
    }
}
