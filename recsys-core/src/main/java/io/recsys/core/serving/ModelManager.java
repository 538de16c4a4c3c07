package io.recsys.core.serving;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.Exclusions;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelLoaders;
import io.recsys.core.ModelRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.NotReadyException;
import io.recsys.core.Recommender;
import io.recsys.core.RecsysException;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.UnknownVersionException;
import io.recsys.core.registry.ArtifactDigest;
import io.recsys.core.spi.Providers;
import io.recsys.core.spi.VersionVerifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot-swap heart: holds one immutable {@link ServingState} in an {@link AtomicReference}.
 *
 * <p>A switch or rollout change loads, verifies (the registry's {@code artifact_sha} plus every
 * {@link VersionVerifier}, e.g. the training manifest) and warms each new version off the request
 * path, then publishes a new snapshot in one atomic set. On any failure the current snapshot stays
 * and the failure is reported with its reason. Changes are serialised. A bounded LRU cache of
 * loaded versions (default 3) makes a rollback to a recent version instant.
 */
public final class ModelManager {
    private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

    private final ModelRegistry registry;
    private final ModelLoaders loaders;
    private final List<VersionVerifier> verifiers;
    private final RolloutPolicies policies;
    private final ServiceMetrics metrics;
    private final int cacheSize;
    private final int warmupCalls;
    private final Clock clock;
    private final AtomicReference<ServingState> state = new AtomicReference<>();
    private final Object changeLock = new Object();
    private final LinkedHashMap<ModelVersion, Recommender> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final List<Consumer<SwitchEvent>> switchListeners = new CopyOnWriteArrayList<>();

    private ModelManager(Builder b) {
        this.registry = b.registry;
        this.loaders = b.loaders != null ? b.loaders : ModelLoaders.discover();
        this.verifiers = List.copyOf(b.verifiers != null ? b.verifiers : Providers.load(VersionVerifier.class));
        this.policies = b.policies != null ? b.policies : RolloutPolicies.discover();
        this.metrics = b.metrics != null ? b.metrics : new ServiceMetrics(new SimpleMeterRegistry());
        this.cacheSize = b.cacheSize;
        this.warmupCalls = b.warmupCalls;
        this.clock = b.clock;
    }

    /**
     * @param registry where versions come from
     * @return a builder with defaults: ServiceLoader-discovered loaders, verifiers and strategies,
     *     3 cached versions, 200 warm-up calls, meters in a private simple registry, the UTC clock
     */
    public static Builder builder(ModelRegistry registry) {
        return new Builder(registry);
    }

    /**
     * @return the current snapshot
     * @throws NotReadyException before a rollout has been set
     */
    public ServingState state() {
        ServingState s = state.get();
        if (s == null) {
            throw new NotReadyException("No model is loaded yet");
        }
        return s;
    }

    /** @return whether a model is loaded and serving */
    public boolean isReady() {
        return state.get() != null;
    }

    /** @return the registry this manager loads from */
    public ModelRegistry registry() {
        return registry;
    }

    /** @param listener called after every switch attempt (success or failure) */
    public void addSwitchListener(Consumer<SwitchEvent> listener) {
        switchListeners.add(listener);
    }

    /**
     * Serves a rollout configuration: loads every version it names, then swaps.
     *
     * @param config the configuration
     * @return the status now in force
     * @throws InvalidRolloutException when the strategy rejects it or names an unknown version
     * @throws InvalidArtifactException when a version fails verification
     */
    public RolloutPolicy setRollout(RolloutConfig config) {
        synchronized (changeLock) {
            return install(config);
        }
    }

    /**
     * Applies a run-time rollout update; what it does not give keeps its value.
     *
     * @param update the update
     * @return the policy now in force
     * @throws InvalidRolloutException when the update is rejected (the old policy keeps serving)
     */
    public RolloutPolicy updateRollout(RolloutUpdate update) {
        synchronized (changeLock) {
            ModelVersion before = state().primaryVersion();
            RolloutPolicy policy = install(state().policy().config().apply(update));
            // A new primary (the seeds' target=control) changes what users are served: a switch event.
            ModelVersion after = policy.config().primaryVersion();
            if (!after.equals(before)) {
                fire(new SwitchEvent(clock.instant(), before.toString(), after.toString(), SwitchEvent.SUCCESS, ""));
            }
            return policy;
        }
    }

    /**
     * Makes {@code version} the version everyone gets: the rollout becomes {@code fixed} on it
     * (environment, salt, bucketing and parameters kept). This is the seeds' full rollout of a
     * canary, the end of an A/B test with its winner, and an emergency rollback; none of them should
     * leave some users on another version.
     *
     * @param version the version to serve
     * @return the previous and new version
     * @throws UnknownVersionException when the registry does not hold it (status {@code not_found})
     * @throws InvalidArtifactException when its files fail verification (status {@code invalid})
     * @throws RecsysException when loading fails otherwise (status {@code error})
     */
    public SwitchResult switchTo(ModelVersion version) {
        synchronized (changeLock) {
            ServingState current = state.get();
            String from = current == null ? "none" : current.primaryVersion().toString();
            if (!registry.contains(version)) {
                // The switch log keeps the version asked for; the metric shows it as "other" (ServiceMetrics).
                fire(new SwitchEvent(clock.instant(), from, version.toString(), SwitchEvent.NOT_FOUND,
                        "unknown version " + version));
                throw new UnknownVersionException(version, registry.versions());
            }
            try {
                RolloutConfig next = current == null
                        ? RolloutConfig.builder(version).build()
                        : current.policy().config().switchTo(version);
                install(next);
            } catch (InvalidArtifactException e) {
                fire(new SwitchEvent(clock.instant(), from, version.toString(), SwitchEvent.INVALID, e.getMessage()));
                throw e;
            } catch (RuntimeException e) {
                fire(new SwitchEvent(clock.instant(), from, version.toString(), SwitchEvent.ERROR, e.getMessage()));
                throw e;
            }
            fire(new SwitchEvent(clock.instant(), from, version.toString(), SwitchEvent.SUCCESS, ""));
            return new SwitchResult(current == null ? null : current.primaryVersion(), version, registry.get(version));
        }
    }

    /**
     * Loads (or takes from the cache) and verifies a version without serving it.
     *
     * @param version the version
     * @return the loaded model
     */
    public Recommender preload(ModelVersion version) {
        synchronized (changeLock) {
            return loaded(version);
        }
    }

    /** @return versions currently loaded in the cache, least recently used first */
    public List<ModelVersion> cachedVersions() {
        synchronized (changeLock) {
            return List.copyOf(cache.keySet());
        }
    }

    private RolloutPolicy install(RolloutConfig config) {
        for (ModelVersion v : List.of(config.primaryVersion())) {
            requireExists(v, "primary_version");
        }
        if (config.canaryVersion() != null) {
            requireExists(config.canaryVersion(), "canary_version");
        }
        RolloutPolicy policy = policies.create(config);
        Map<ModelVersion, Recommender> models = new HashMap<>();
        for (ModelVersion v : policy.versions()) {
            models.put(v, loaded(v));
        }
        var next = new ServingState(policy, models);
        state.set(next);
        trimCache(next);
        var others = new ArrayList<ModelInfo>();
        next.models().forEach((v, m) -> {
            if (!v.equals(next.primaryVersion())) {
                others.add(m.info());
            }
        });
        metrics.setServing(next.primary().info(), others);
        LOG.info("Serving {} with rollout {}", next.primaryVersion(), policy.describe());
        return policy;
    }

    private void requireExists(ModelVersion v, String field) {
        if (!registry.contains(v)) {
            throw new InvalidRolloutException(field + " " + v + " is not in the registry; available: "
                    + String.join(", ", registry.versions().stream().map(ModelVersion::toString).toList()));
        }
    }

    private Recommender loaded(ModelVersion version) {
        Recommender cached = cache.get(version);
        if (cached != null) {
            // a cached version is checked again: its files may have been changed since it was loaded
            verify(registry.get(version));
            return cached;
        }
        long start = System.nanoTime();
        RegisteredVersion rv = registry.get(version);
        verify(rv);
        Recommender model = loaders.load(rv);
        // loaders read into memory; checking the files again after the read closes the gap between
        // the check and the read, so what serves is what was verified
        List<String> changed = ArtifactDigest.check(rv);
        if (!changed.isEmpty()) {
            throw new InvalidArtifactException("Model version " + version + " changed while it was loaded: "
                    + String.join("; ", changed));
        }
        warm(model);
        metrics.recordModelLoad(System.nanoTime() - start);
        cache.put(version, model);
        LOG.info("Loaded {} ({}) in {} ms", version, rv.metadata().modelName(), (System.nanoTime() - start) / 1_000_000);
        return model;
    }

    /**
     * Checks the version's files against its {@code artifact_sha}/{@code artifact_size} and every
     * verifier; throws naming each problem.
     */
    private void verify(RegisteredVersion rv) {
        var problems = new ArrayList<String>(ArtifactDigest.check(rv));
        for (VersionVerifier v : verifiers) {
            problems.addAll(v.verify(rv));
        }
        if (!problems.isEmpty()) {
            throw new InvalidArtifactException("Model version " + rv.version() + " failed verification: "
                    + String.join("; ", problems));
        }
    }

    /** Exercises the scoring path so the JIT has compiled it before real traffic arrives. */
    private void warm(Recommender model) {
        for (int i = 0; i < warmupCalls; i++) {
            model.recommend(i, 10, Exclusions.seen());
        }
    }

    private void trimCache(ServingState serving) {
        var it = cache.entrySet().iterator();
        while (cache.size() > cacheSize && it.hasNext()) {
            var e = it.next();
            if (!serving.models().containsKey(e.getKey())) {
                it.remove();
            }
        }
    }

    private void fire(SwitchEvent event) {
        metrics.recordSwitch(event);
        if (!SwitchEvent.SUCCESS.equals(event.status())) {
            LOG.warn("Switch {} -> {} failed ({}): {}", event.fromVersion(), event.toVersion(), event.status(), event.detail());
        }
        for (var l : switchListeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Switch listener failed: {}", e.toString());
            }
        }
    }

    /** Builder of {@link ModelManager}. */
    public static final class Builder {
        private final ModelRegistry registry;
        private ModelLoaders loaders;
        private List<VersionVerifier> verifiers;
        private RolloutPolicies policies;
        private ServiceMetrics metrics;
        private int cacheSize = 3;
        private int warmupCalls = 200;
        private Clock clock = Clock.systemUTC();

        private Builder(ModelRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** @param value model loaders (default: ServiceLoader discovery) @return this */
        public Builder loaders(ModelLoaders value) {
            this.loaders = value;
            return this;
        }

        /** @param value version verifiers run after the artifact digest check (default: ServiceLoader discovery) @return this */
        public Builder verifiers(List<VersionVerifier> value) {
            this.verifiers = value == null ? null : List.copyOf(value);
            return this;
        }

        /** @param value rollout strategies (default: ServiceLoader discovery) @return this */
        public Builder policies(RolloutPolicies value) {
            this.policies = value;
            return this;
        }

        /** @param value where loads, switches and the serving versions are recorded @return this */
        public Builder metrics(ServiceMetrics value) {
            this.metrics = value;
            return this;
        }

        /**
         * @param value loaded versions kept for instant rollback, at least 1 (default 3)
         * @return this
         * @throws IllegalArgumentException when below 1
         */
        public Builder cacheSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("cacheSize must be at least 1, got " + value);
            }
            this.cacheSize = value;
            return this;
        }

        /** @param value scoring calls made on a freshly loaded version before it serves (default 200) @return this */
        public Builder warmupCalls(int value) {
            this.warmupCalls = Math.max(0, value);
            return this;
        }

        /** @param value clock for switch event timestamps @return this */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @return the manager, serving nothing until {@link ModelManager#setRollout} or {@link ModelManager#switchTo} */
        public ModelManager build() {
            return new ModelManager(this);
        }
    }
}
