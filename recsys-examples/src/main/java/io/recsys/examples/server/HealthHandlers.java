package io.recsys.examples.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recsys.core.RolloutStatus;
import io.recsys.core.serving.RecommendationService;

/** {@code /healthz}, {@code /readyz} and {@code /metrics} (the Prometheus text exposition). */
final class HealthHandlers {
    private final RecommendationService service;
    private final PrometheusMeterRegistry meters;

    HealthHandlers(RecommendationService service, PrometheusMeterRegistry meters) {
        this.service = service;
        this.meters = meters;
    }

    /** {@code /healthz} answer: {@code ok} with the serving version, or {@code no_model}. */
    record Health(String status, String version, RolloutStatus rollout, double uptimeSeconds) {
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
                ready ? service.rolloutStatus() : null, service.metrics().uptimeSeconds());
    }

    private Response ready(Request r) {
        if (!service.isReady()) {
            throw new ApiException(503, "not_ready", "No model is loaded yet");
        }
        return Response.json(new Ready(true, service.activeVersion().toString()));
    }
}
