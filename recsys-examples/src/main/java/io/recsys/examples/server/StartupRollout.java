package io.recsys.examples.server;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.RecommendationService;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses what serves at start-up, first match wins: the persisted serving state (unless reset),
 * the typed rollout settings and the seeds' environment variables ({@code MODEL_VERSION},
 * {@code ROLLOUT_STRATEGY}, {@code CANARY_VERSION}, {@code CANARY_PERCENTAGE}, {@code ENVIRONMENT},
 * {@code ROLLOUT_SALT}, {@code ROLLOUT_BUCKETING}), the registry's {@code latest.txt}, its newest
 * version, or nothing (an empty registry).
 */
final class StartupRollout {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRollout.class);
    private static final List<String> VERSION_VARIABLES = List.of("MODEL_VERSION", "ROLLOUT_STRATEGY", "CANARY_VERSION",
            "CANARY_PERCENTAGE");

    private StartupRollout() {
    }

    /** Where the serving state came from, and the generation of the persisted state (0 when none). */
    record Outcome(String source, long generation) {
    }

    /**
     * @return where the serving state came from, for the start-up log line
     * @throws IOException when the persisted state exists but cannot be used (unless reset): a server
     *     that silently served something else could undo an operator's rollback
     */
    static Outcome start(RecommendationService service, FileSystemModelRegistry registry, ServingStateStore store,
                         ServerOptions options, Map<String, String> env) throws IOException {
        if (options.resetState()) {
            LOG.warn("--reset-state: ignoring the persisted serving state {}", store.file());
            return new Outcome(startFresh(service, registry, options, env), 0);
        }
        Optional<ServingStateStore.Loaded> persisted = store.load();
        if (persisted.isEmpty()) {
            return new Outcome(startFresh(service, registry, options, env), 0);
        }
        try {
            service.start(persisted.get().config());
        } catch (RuntimeException e) {
            throw new ServingStateStore.CorruptStateException(store.file(), "not applicable ("
                    + Router.sanitize(String.valueOf(e.getMessage())) + ")", e);
        }
        return new Outcome("persisted state (" + store.file() + ", generation " + persisted.get().generation() + ")",
                persisted.get().generation());
    }

    private static String startFresh(RecommendationService service, FileSystemModelRegistry registry,
                                     ServerOptions options, Map<String, String> env) {
        ServerOptions.InitialRollout flags = options.rollout();
        String environment = flags.environment() != null ? flags.environment() : env.get("ENVIRONMENT");
        boolean fromEnv = flags.choosesVersions() || VERSION_VARIABLES.stream()
                .anyMatch(k -> env.get(k) != null && !env.get(k).isBlank());
        var latest = registry.latest();
        if (!fromEnv && latest.isEmpty()) {
            if (!registry.versions().isEmpty()) {
                service.start(RolloutConfig.builder(registry.versions().get(registry.versions().size() - 1))
                        .environment(environment).build());
                return "newest version (no latest.txt)";
            }
            LOG.warn("Registry {} holds no model version yet: /readyz answers 503 until one is published and switched to",
                    registry.root());
            return "none (empty registry)";
        }
        service.start(configure(flags, env, () -> latest.orElseThrow(() ->
                new InvalidRolloutException("MODEL_VERSION is not set and the registry has no latest.txt"))));
        return fromEnv ? "environment" : "latest.txt";
    }

    /** The environment's rollout with every typed setting that is given put over it. */
    static RolloutConfig configure(ServerOptions.InitialRollout flags, Map<String, String> env,
                                   java.util.function.Supplier<ModelVersion> latest) {
        ModelVersion flagPrimary = flags.modelVersion() == null ? null : ModelVersion.parse(flags.modelVersion());
        RolloutConfig base = RolloutConfig.fromEnvironment(env, flagPrimary != null ? () -> flagPrimary : latest);
        var b = base.toBuilder();
        if (flagPrimary != null) {
            b.primaryVersion(flagPrimary);
        }
        if (flags.strategy() != null) {
            b.strategy(flags.strategy());
        }
        if (flags.canaryVersion() != null) {
            b.canaryVersion(ModelVersion.parse(flags.canaryVersion()));
        }
        if (flags.canaryPercentage() != null) {
            b.canaryPercentage(flags.canaryPercentage());
        }
        if (flags.environment() != null) {
            b.environment(flags.environment());
        }
        return b.build();
    }
}
