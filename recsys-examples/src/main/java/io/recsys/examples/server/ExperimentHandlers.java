package io.recsys.examples.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.RolloutStatus;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.serving.RecommendationService;
import io.recsys.experiments.ExperimentAnalysis;
import io.recsys.experiments.ExperimentAnalyzer;
import io.recsys.experiments.ExperimentInfo;
import io.recsys.experiments.ExperimentLog;
import io.recsys.provenance.RequestIds;
import java.time.Duration;
import java.util.Locale;

/**
 * The experiment routes: {@code /experiment/analyze}, {@code /experiments/{name}/summary}, and the
 * feedback that feeds them ({@code POST /feedback}, also as {@code POST /events}).
 */
final class ExperimentHandlers {
    private final RecommendationService service;
    private final ExperimentLog experiments;
    private final ExperimentAnalyzer analyzer;
    private final io.recsys.core.event.UserEventListener alsoNotify;

    /** @param alsoNotify receives every accepted feedback event too (the rollout analysis's conversions) */
    ExperimentHandlers(RecommendationService service, ExperimentLog experiments,
                       io.recsys.core.event.UserEventListener alsoNotify) {
        this.service = service;
        this.experiments = experiments;
        this.alsoNotify = alsoNotify;
        this.analyzer = new ExperimentAnalyzer(experiments);
    }

    /** {@code /experiments/{name}/summary} answer (the RideEase shape keeps {@code windowHours}). */
    @JsonPropertyOrder({"experiment", "windowHours", "summary"})
    record SummaryAnswer(String experiment, @JsonProperty("windowHours") int windowHours, ExperimentAnalysis.Summary summary) {
    }

    /** {@code /experiment/analyze} answer when the rollout serves one version: nothing to compare. */
    record NoExperiment(String status, String strategy, String version, String detail) {
    }

    /**
     * {@code /feedback} answer: accepted, how the event was tied to a served request, and whether
     * it was folded into the user's live state (false when fold-in is off, the serving model cannot
     * fold in, or it does not know the item).
     */
    record Accepted(String status, String attribution, @JsonProperty("folded_in") boolean foldedIn) {
    }

    void register(Router router) {
        router.get("/experiment/analyze", this::analyze)
                .get("/experiments/{name}/summary", this::summary)
                .post("/feedback", this::feedback)
                .post("/events", this::feedback);
    }

    private Response analyze(Request r) {
        int minutes = Params.parseWindow(r.param("time_window_minutes"), "time_window_minutes", 120, 7 * 24 * 60);
        RolloutPolicy policy = service.rolloutPolicy();
        ExperimentInfo running = RunningExperiment.of(policy);
        if (running == null) {
            RolloutStatus s = policy.describe();
            return Response.json(new NoExperiment("no_experiment", s.strategy(), s.primaryVersion(), "The " + s.strategy()
                    + " rollout serves one version (" + s.primaryVersion() + ") to every user: there is no experiment to"
                    + " analyse. Start a canary or an A/B test (POST /rollout/update) to compare two versions."));
        }
        return Response.json(analyzer.analyze(Duration.ofMinutes(minutes), running));
    }

    private Response summary(Request r) {
        int hours = Params.parseWindow(r.param("windowHours"), "windowHours", 24, 7 * 24);
        String name = r.pathVar("name");
        ExperimentInfo running = RunningExperiment.of(service.rolloutPolicy());
        if (running == null || !running.name().equals(name)) {
            throw ApiException.notFound("No experiment named '" + Router.sanitize(name) + "'; "
                    + (running == null ? "no experiment is running (the rollout serves one version)"
                    : "the running experiment is '" + running.name() + "'"));
        }
        ExperimentAnalysis a = analyzer.analyze(Duration.ofHours(hours), running);
        return Response.json(new SummaryAnswer(name, hours, a.summary()));
    }

    private Response feedback(Request r) throws java.io.IOException {
        JsonNode body = Params.parseJsonObject(r.body());
        String user = Params.text(body, "user_id");
        String item = Params.text(body, "item_id");
        String type = Params.text(body, "event") != null ? Params.text(body, "event") : Params.text(body, "type");
        if (user == null || item == null || type == null) {
            throw ApiException.badRequest("Fields user_id, item_id and event (click, watch or convert) are required");
        }
        UserEventType feedbackType;
        try {
            feedbackType = UserEventType.parse(type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(Router.sanitize(e.getMessage()));
        }
        String requestId = Params.text(body, "request_id");
        if (requestId != null && !RequestIds.isValid(requestId)) {
            throw ApiException.badRequest("request_id must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        long userId = Params.parseId(user, "user_id");
        long itemId = Params.parseId(item, "item_id");
        UserEvent event = UserEvent.of(requestId, userId, itemId, feedbackType, System.currentTimeMillis());
        var how = experiments.recordFeedback(event);
        alsoNotify.onEvent(event);
        // the serving version folds the event into the user's live state: the next answer follows it
        boolean folded = service.foldIn(event).isPresent();
        return Response.json(202, new Accepted("accepted", how.name().toLowerCase(Locale.ROOT), folded));
    }
}
