package io.recsys.examples.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.ModelVersion;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutStatus;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.UnknownVersionException;
import io.recsys.core.VersionMetadata;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.RecommendationService;
import io.recsys.core.serving.SwitchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollout and admin routes: {@code /switch}, {@code /rollout/update}, {@code /rollout/status},
 * {@code /admin/models} and {@code /admin/switch-model}. Every change goes through
 * {@link ServingControl}, which persists it; the admin routes are marked so in the route table.
 */
final class RolloutHandlers {
    private final RecommendationService service;
    private final FileSystemModelRegistry registry;
    private final ServingControl control;
    private final RolloutAnalysisController analysis;

    RolloutHandlers(RecommendationService service, FileSystemModelRegistry registry, ServingControl control,
                    RolloutAnalysisController analysis) {
        this.service = service;
        this.registry = registry;
        this.control = control;
        this.analysis = analysis;
    }

    /** {@code /switch}: the new version's registry metadata and its {@code meta.json}. */
    record SwitchMeta(VersionMetadata version, JsonNode model) {
    }

    /** {@code /switch} answer. */
    record Switched(String status, String modelName, String modelVersion, String previousVersion, SwitchMeta meta) {
    }

    /** {@code /rollout/update} answer; {@code analysis} is set when the update started an analysed rollout. */
    record RolloutUpdated(String status, RolloutStatus rollout, String activeVersion,
                          @JsonInclude(JsonInclude.Include.NON_NULL) RolloutAnalysisController.AnalysisView analysis) {
    }

    /**
     * {@code /rollout/status} answer; {@code fleet}: which replica serves what ({@link FleetSync.Fleet});
     * {@code analysis} is left out when no analysed rollout was started.
     */
    record RolloutState(RolloutStatus rollout, String activeVersion, FleetSync.Fleet fleet,
                        @JsonInclude(JsonInclude.Include.NON_NULL) RolloutAnalysisController.AnalysisView analysis) {
    }

    /** The serving state as the admin routes show it, in the seeds' control/treatment words. */
    record ServingSnapshot(String control, String treatment, String strategy, double canaryPercentage) {
    }

    /**
     * {@code /admin/models} answer; {@code serving_state} is {@code {}} before a model serves. Each
     * entry of {@code versions} is the version's metadata, or an {@link UnreadableVersion}.
     */
    record Models(List<Object> versions, String latest, Object servingState) {
    }

    /** A version whose {@code meta.json} cannot be read: listed and marked, never a 500 for the whole list. */
    record UnreadableVersion(String version, String error, String detail) {
    }

    /** {@code /admin/switch-model} answer. */
    record AdminSwitched(String status, String target, String version, Object servingState) {
    }

    void register(Router router) {
        router.add("GET", "/switch", Router.Access.ADMIN, this::switchModel)
                .add("POST", "/rollout/update", Router.Access.ADMIN, this::updateRollout)
                .get("/rollout/status", r -> Response.json(new RolloutState(service.rolloutStatus(),
                        service.activeVersion().toString(), control.fleet(), analysis.view())))
                .add("POST", "/rollout/analysis/pause", Router.Access.ADMIN, r -> Response.json(analysis.pause()))
                .add("POST", "/rollout/analysis/resume", Router.Access.ADMIN, r -> Response.json(analysis.resume()))
                .add("POST", "/rollout/analysis/abort", Router.Access.ADMIN,
                        r -> Response.json(analysis.abort("aborted by an operator")))
                .add("GET", "/admin/models", Router.Access.ADMIN, this::adminModels)
                .add("POST", "/admin/switch-model", Router.Access.ADMIN, this::adminSwitch);
    }

    private Response switchModel(Request r) throws IOException {
        String model = r.param("model");
        if (model == null) {
            throw ApiException.badRequest("Query parameter model is required, e.g. /switch?model=v0.2");
        }
        SwitchResult result = analysis.operatorChange("/switch", () -> control.switchTo(model));
        RegisteredVersion rv = result.registered();
        Path modelMeta = rv.artifactDir().resolve("meta.json");
        JsonNode meta = readModelMeta(modelMeta);
        return Response.json(new Switched("ok", rv.metadata().modelName(), result.version().toString(),
                result.previousVersion() == null ? null : result.previousVersion().toString(),
                new SwitchMeta(rv.metadata(), meta)));
    }

    /** The artifact's own meta.json, shown as-is; unreadable is shown as null, never a failed switch. */
    private static JsonNode readModelMeta(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ServerJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private Response updateRollout(Request r) throws IOException {
        String strategy = r.param("strategy");
        String canary = r.param("canary_version");
        String pct = r.param("canary_percentage");
        var params = new LinkedHashMap<String, String>();
        if (r.param("split") != null) {
            params.put("split", r.param("split"));
        }
        byte[] bytes = r.body();
        JsonNode body = null;
        if (bytes.length > 0) {
            body = Params.parseJsonObject(bytes);
            strategy = strategy != null ? strategy : Params.text(body, "strategy");
            canary = canary != null ? canary : Params.text(body, "canary_version");
            pct = pct != null ? pct : Params.text(body, "canary_percentage");
            if (body.hasNonNull("split")) {
                params.putIfAbsent("split", Params.text(body, "split"));
            }
            JsonNode p = body.get("params");
            if (p != null && !p.isNull()) {
                if (!p.isObject() || p.size() > 16) {
                    throw ApiException.badRequest("params must be an object of at most 16 strategy options");
                }
                p.fields().forEachRemaining(e -> {
                    if (e.getValue().isNull() || e.getValue().isContainerNode()) {
                        throw ApiException.badRequest("params." + Router.sanitize(e.getKey())
                                + " must be a string or a number, not null, an object or an array");
                    }
                    params.putIfAbsent(e.getKey(), Params.text(p, e.getKey()));
                });
            }
        }
        var plan = AnalysisParams.plan(r, body);
        if (plan != null) {
            if (pct != null) {
                throw ApiException.badRequest("An analysed rollout sets the canary percentage itself (its first step);"
                        + " give steps instead of canary_percentage");
            }
            var started = analysis.start(new RolloutUpdate(strategy, canary, null, null, params), plan);
            return Response.json(new RolloutUpdated("ok", service.rolloutStatus(), service.activeVersion().toString(),
                    started));
        }
        var update = new RolloutUpdate(strategy, canary, pct, null, params);
        if (update.isEmpty()) {
            throw ApiException.badRequest("Nothing to update: give strategy, canary_version, canary_percentage and/or split"
                    + " (query parameters or a JSON body)");
        }
        RolloutStatus status = analysis.operatorChange("/rollout/update", () -> control.updateRollout(update));
        return Response.json(new RolloutUpdated("ok", status, service.activeVersion().toString(), null));
    }

    private Response adminModels(Request r) {
        List<Object> versions = registry.versions().stream().map(this::describe).toList();
        return Response.json(new Models(versions, registry.latest().map(ModelVersion::toString).orElse(null),
                servingState()));
    }

    private Object describe(ModelVersion v) {
        try {
            return registry.get(v).metadata();
        } catch (RuntimeException e) {
            return new UnreadableVersion(v.toString(), "invalid_metadata", ErrorMapper.withoutPaths(
                    new ApiException(422, "invalid_metadata", Router.sanitize(String.valueOf(e.getMessage())))).getMessage());
        }
    }

    private Object servingState() {
        if (!service.isReady()) {
            return Map.of();
        }
        RolloutStatus s = service.rolloutStatus();
        return new ServingSnapshot(s.primaryVersion(), s.canaryVersion(), s.strategy(), s.canaryPercentage());
    }

    private Response adminSwitch(Request r) throws IOException {
        JsonNode body = Params.parseJsonObject(r.body());
        String version = Params.text(body, "version");
        String target = Params.text(body, "target");
        if (version == null) {
            throw ApiException.badRequest("Field version is required");
        }
        target = target == null ? "all" : target;
        ModelVersion v = ModelVersion.parse(version);
        switch (target) {
            case "control" -> {
                if (!registry.contains(v)) {
                    throw new UnknownVersionException(v, registry.versions());
                }
                analysis.operatorChange("/admin/switch-model",
                        () -> control.updateRollout(service.rolloutPolicy().controlUpdate(v)));
            }
            case "treatment" -> analysis.operatorChange("/admin/switch-model",
                    () -> control.updateRollout(service.rolloutPolicy().treatmentUpdate(v)));
            case "all" -> analysis.operatorChange("/admin/switch-model", () -> control.switchTo(v.toString()));
            default -> throw ApiException.badRequest("target must be control, treatment or all, got '"
                    + Router.sanitize(target) + "'");
        }
        return Response.json(new AdminSwitched("ok", target, v.toString(), servingState()));
    }
}
