package io.recsys.core.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.recsys.core.ModelInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's Micrometer meters, named as in the seeds (Prometheus names in brackets):
 * {@code model.version.info} [model_version_info{model_name,version,git_sha,data_snapshot,role}],
 * {@code model.switches} [model_switches_total{from_version,to_version,status}],
 * {@code model.load} [model_load_seconds], {@code service.uptime}
 * [service_uptime_seconds], {@code service.health.status} [service_health_status],
 * {@code slo.latency.target.seconds}, {@code slo.availability.target.ratio},
 * {@code provenance.sink.errors}
 * [provenance_sink_errors_total{sink}], {@code shadow.requests} [shadow_requests_total{outcome}].
 *
 * <p>Request counts and latencies (by endpoint, status, error type and variant) belong to the
 * transport, which knows its own endpoints and status codes: the library never interprets them.
 * Tags carry only bounded values: sink names, outcomes and versions that exist in the registry.
 * User ids never become tags.
 */
public final class ServiceMetrics {
    /** Latency objective of the seeds: p95 under 100 ms. */
    public static final Duration SLO_LATENCY = Duration.ofMillis(100);
    /** Availability objective of the seeds: 99.9%. */
    public static final double SLO_AVAILABILITY = 0.999;

    private final MeterRegistry registry;
    private final Meter.MeterProvider<Counter> switches;
    private final Meter.MeterProvider<Counter> sinkErrors;
    private final Meter.MeterProvider<Counter> shadowRequests;
    private final MultiGauge versionInfo;
    private final AtomicInteger healthy = new AtomicInteger();
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
        this.switches = Counter.builder("model.switches")
                .description("Attempted version switches by outcome (to_version=other for versions that do not exist)")
                .withRegistry(registry);
        this.sinkErrors = Counter.builder("provenance.sink.errors")
                .description("Provenance records a sink failed to accept (the request still succeeded)")
                .withRegistry(registry);
        this.shadowRequests = Counter.builder("shadow.requests")
                .description("Shadow scorings by outcome (scored, dropped when the queue is full, error)")
                .withRegistry(registry);
    }

    /** @return the registry the meters live in */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Counts a switch attempt. A version the registry does not hold is counted as
     * {@code to_version="other"}: anyone with the admin key could otherwise grow the metric without
     * bound by naming versions that do not exist. The version asked for is in the switch log
     * ({@link SwitchEvent#toVersion()}) and in the answer to the caller.
     *
     * @param event a switch attempt
     */
    public void recordSwitch(SwitchEvent event) {
        String to = SwitchEvent.NOT_FOUND.equals(event.status()) ? UNKNOWN_VERSION_LABEL : event.toVersion();
        switches.withTags("from_version", event.fromVersion(), "to_version", to, "status", event.status()).increment();
    }

    /** The {@code to_version} label of a switch to a version the registry does not hold. */
    public static final String UNKNOWN_VERSION_LABEL = "other";

    /** @param nanos time to load, verify and warm a version */
    public void recordModelLoad(long nanos) {
        modelLoad.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param sink the sink that threw */
    public void recordSinkError(String sink) {
        sinkErrors.withTags("sink", sink).increment();
    }

    /** @param outcome {@code scored}, {@code dropped} or {@code error} */
    public void recordShadow(String outcome) {
        shadowRequests.withTags("outcome", outcome).increment();
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

    /**
     * One row per serving version, so the cardinality is bounded by the versions in force; values
     * are whole up to {@link LabelValues#MAX_LENGTH} characters, longer ones visibly shortened with
     * a hash ({@link LabelValues}); {@code git_sha} is the conventional 7-character short sha.
     */
    private static MultiGauge.Row<?> row(ModelInfo info, String role) {
        return MultiGauge.Row.of(Tags.of("model_name", LabelValues.bounded(info.modelName()),
                "version", info.version().toString(), "git_sha", info.shortGitSha(),
                "data_snapshot", LabelValues.bounded(info.dataSnapshotId()), "role", role), 1.0);
    }
}
