package io.recsys.examples.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recsys.core.RolloutStatus;
import io.recsys.core.serving.RecommendationService;
import io.recsys.kafka.KafkaEventSource;
import io.recsys.kafka.KafkaPlane;
import io.recsys.kafka.KafkaProvenanceSink;

/** {@code /healthz}, {@code /readyz} and {@code /metrics} (the Prometheus text exposition). */
final class HealthHandlers {
    private final RecommendationService service;
    private final PrometheusMeterRegistry meters;
    private final KafkaPlane kafka;
    private java.util.function.Supplier<String> notReady = () -> null;

    /** @param kafka the streaming plane, or null when none is configured */
    HealthHandlers(RecommendationService service, PrometheusMeterRegistry meters, KafkaPlane kafka) {
        this.service = service;
        this.meters = meters;
        this.kafka = kafka;
    }

    /**
     * @param reason why the server is not ready although a model serves (behind the fleet's state), or null
     * @return this
     */
    HealthHandlers readiness(java.util.function.Supplier<String> reason) {
        this.notReady = reason;
        return this;
    }

    /**
     * {@code /healthz} answer: {@code ok} with the serving version, or {@code no_model}. The
     * {@code kafka} object appears only when a Kafka plane is configured, so the body without one
     * is unchanged; Kafka's state never changes {@code status}, as serving goes on without it.
     */
    record Health(String status, String version, RolloutStatus rollout, double uptimeSeconds,
                  @JsonInclude(JsonInclude.Include.NON_NULL) KafkaHealth kafka) {
    }

    /** The Kafka plane: the prediction sink and, with an event topic, the event source. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KafkaHealth(SinkHealth sink, SourceHealth source) {
    }

    /** The prediction sink: {@code running} or {@code stopped}, and its delivery counts so far. */
    record SinkHealth(String state, long sent, long dropped, long failed) {
    }

    /** The event source: {@code new}, {@code running}, {@code failed} or {@code stopped}, and its lag. */
    record SourceHealth(String state, long lag) {
    }

    /** {@code /readyz} answer. */
    record Ready(boolean ready, String version) {
    }

    void register(Router router) {
        router.get("/healthz", r -> Response.json(health()))
                .get("/readyz", this::ready)
                .get("/metrics", r -> Response.text(meters.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    }

    private Health health() {
        boolean ready = service.isReady();
        return new Health(ready ? "ok" : "no_model", ready ? service.activeVersion().toString() : null,
                ready ? service.rolloutStatus() : null, service.metrics().uptimeSeconds(), kafkaHealth());
    }

    private KafkaHealth kafkaHealth() {
        if (kafka == null) {
            return null;
        }
        KafkaProvenanceSink sink = kafka.sink();
        KafkaEventSource source = kafka.source();
        return new KafkaHealth(new SinkHealth(sink.state().jsonName(), sink.sent(), sink.dropped(), sink.failed()),
                source == null ? null : new SourceHealth(source.state().jsonName(), source.lag()));
    }

    private Response ready(Request r) {
        if (!service.isReady()) {
            throw new ApiException(503, "not_ready", "No model is loaded yet");
        }
        String reason = notReady.get();
        if (reason != null) {
            throw new ApiException(503, "not_ready", reason);
        }
        return Response.json(new Ready(true, service.activeVersion().toString()));
    }
}
