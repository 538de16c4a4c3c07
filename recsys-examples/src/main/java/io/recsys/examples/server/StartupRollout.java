package io.recsys.examples.server;

import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.RecommendationService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses what serves at start-up. With a persisted serving state (unless reset): the state, except
 * that each setting given explicitly now ({@link StartupSettings}: a {@code serve} flag or a seed
 * environment variable) whose value differs from the one the state was last started with wins: it
 * is a new deployment's intent, while a setting left as it was lets a run-time change (a switch, a
 * rollout update) survive a plain restart. The log says, per setting, which won and why, at WARN
 * when the setting and what serves disagree. Without a state: the typed settings and the seeds'
 * environment variables, the registry's {@code latest.txt}, its newest version, or nothing (an
 * empty registry).
 */
final class StartupRollout {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRollout.class);

    private StartupRollout() {
    }

    /**
     * Where the serving state came from; the generation of the persisted state it starts from (0
     * when none); whether what now serves must be stored (an explicit setting won or is new to
     * the record, or the environment chose versions on a first start), so the fleet and the next
     * restart follow it; and the start-up settings to record ({@code started_with}).
     */
    record Outcome(String source, long generation, boolean store, Map<String, String> record) {
    }

    /**
     * @return where the serving state came from, for the start-up log line
     * @throws IOException when the persisted state exists but cannot be used (unless reset): a server
     *     that silently served something else could undo an operator's rollback
     */
    static Outcome start(RecommendationService service, FileSystemModelRegistry registry, ServingStateStore store,
                         ServerOptions options, Map<String, String> env) throws IOException {
        StartupSettings settings = StartupSettings.from(options.rollout(), env);
        if (options.resetState()) {
            LOG.warn("--reset-state: ignoring the persisted serving state {}", store.file());
            long generation;
            try {
                generation = store.load().map(ServingStateStore.Loaded::generation).orElse(0L);
            } catch (IOException e) {
                generation = 0;
            }
            String source = startFresh(service, registry, options, env);
            return new Outcome(source, generation, service.isReady(), settings.given());
        }
        Optional<ServingStateStore.Loaded> persisted = store.load();
        if (persisted.isEmpty()) {
            String source = startFresh(service, registry, options, env);
            return new Outcome(source, 0, settings.choosesVersions() && service.isReady(), settings.given());
        }
        ServingStateStore.Loaded state = persisted.get();
        RolloutConfig config;
        try {
            config = merge(state, settings);
            service.start(config);
        } catch (RuntimeException e) {
            throw new ServingStateStore.CorruptStateException(store.file(), "not applicable with the start-up settings ("
                    + Router.sanitize(String.valueOf(e.getMessage())) + ")", e);
        }
        boolean overridden = !config.equals(state.config());
        // Each setting given now is recorded, even one that only agrees with what serves: else a later
        // restart with the same settings would compare with the old value, look like a new deployment
        // and undo the run-time changes made since. Settings not given keep their recorded value, so
        // a replica started without them does not make the next restart of one with them a deployment.
        Map<String, String> before = state.startedWith() == null ? Map.of() : state.startedWith();
        var record = new LinkedHashMap<>(before);
        record.putAll(settings.given());
        return new Outcome("persisted state (" + store.file() + ", generation " + state.generation() + ")"
                + (overridden ? " with start-up settings over it" : ""), state.generation(),
                overridden || !record.equals(before), record);
    }

    /**
     * The persisted rollout with every explicitly given setting that changed since the state was
     * last started put over it; logs one line per given setting.
     */
    static RolloutConfig merge(ServingStateStore.Loaded state, StartupSettings settings) {
        Map<String, String> recorded = state.startedWith();
        RolloutConfig stored = state.config();
        var b = stored.toBuilder();
        boolean strategyWon = false;
        for (var e : settings.given().entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            String source = settings.sources().get(name);
            String was = recorded == null ? null : recorded.get(name);
            String serving = StartupSettings.valueIn(stored, name);
            if (!value.equals(was)) {
                StartupSettings.apply(b, name, value);
                strategyWon |= name.equals("ROLLOUT_STRATEGY");
                String why = recorded == null ? "the state does not record what it was started with"
                        : was == null ? "the state was started without it" : "the state was started with " + was;
                if (value.equals(serving)) {
                    LOG.info("{}={} ({}) agrees with the persisted state (generation {})", name, value, source,
                            state.generation());
                } else {
                    LOG.warn("{}={} ({}) wins over the persisted state's {} (generation {}): it changed since the last"
                            + " start ({})", name, value, source, serving, state.generation(), why);
                }
            } else if (!value.equals(serving)) {
                LOG.warn("{}={} ({}) is what the state was last started with; the run-time change to {} (generation {})"
                        + " wins. Give a different value, or use --reset-state, to override it", name, value, source,
                        serving, state.generation());
            } else {
                LOG.info("{}={} ({}) agrees with the persisted state (generation {})", name, value, source,
                        state.generation());
            }
        }
        if (strategyWon && RolloutConfig.FIXED.equals(settings.given().get("ROLLOUT_STRATEGY"))
                && !settings.given().containsKey("CANARY_VERSION")) {
            // a deployment that asks for fixed serving asks for no canary: drop the persisted one
            b.canaryVersion(null).canaryPercentage(0.0);
        }
        return b.build();
    }

    private static String startFresh(RecommendationService service, FileSystemModelRegistry registry,
                                     ServerOptions options, Map<String, String> env) {
        ServerOptions.InitialRollout flags = options.rollout();
        String environment = flags.environment() != null ? flags.environment() : env.get("ENVIRONMENT");
        boolean fromEnv = StartupSettings.from(flags, env).choosesVersions();
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
