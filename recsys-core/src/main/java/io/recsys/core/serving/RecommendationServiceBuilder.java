package io.recsys.core.serving;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.ModelLoaders;
import io.recsys.core.ModelRegistry;
import io.recsys.core.RolloutPolicies;
import io.recsys.core.event.UserEvent;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.core.spi.Providers;
import io.recsys.core.spi.VersionVerifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builder of {@link RecommendationService}. */
public final class RecommendationServiceBuilder {
    final ModelRegistry registry;
    MeterRegistry meterRegistry;
    final List<ProvenanceSink> sinks = new ArrayList<>();
    ModelLoaders loaders;
    List<VersionVerifier> verifiers;
    RolloutPolicies policies;
    int maxK = 1000;
    int cacheSize = 3;
    int warmupCalls = 200;
    int shadowThreads = 1;
    int shadowQueue = 1024;
    String imageDigest;
    Clock clock = Clock.systemUTC();
    long foldInMaxBytes;

    RecommendationServiceBuilder(ModelRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** @param value where meters are registered (default: a simple in-memory registry) @return this */
    public RecommendationServiceBuilder meterRegistry(MeterRegistry value) {
        this.meterRegistry = value;
        return this;
    }

    /** @param value a provenance sink to receive every record @return this */
    public RecommendationServiceBuilder sink(ProvenanceSink value) {
        this.sinks.add(Objects.requireNonNull(value));
        return this;
    }

    /** @param value model loaders (default: ServiceLoader discovery) @return this */
    public RecommendationServiceBuilder loaders(ModelLoaders value) {
        this.loaders = value;
        return this;
    }

    /** @param value version verifiers (default: ServiceLoader discovery) @return this */
    public RecommendationServiceBuilder verifiers(List<VersionVerifier> value) {
        this.verifiers = List.copyOf(value);
        return this;
    }

    /** @param value rollout strategies (default: ServiceLoader discovery) @return this */
    public RecommendationServiceBuilder policies(RolloutPolicies value) {
        this.policies = value;
        return this;
    }

    /** @param value largest k accepted (default 1000) @return this */
    public RecommendationServiceBuilder maxK(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxK must be at least 1");
        }
        this.maxK = value;
        return this;
    }

    /** @param value loaded versions kept for instant rollback (default 3) @return this */
    public RecommendationServiceBuilder cacheSize(int value) {
        this.cacheSize = value;
        return this;
    }

    /** @param value scoring calls made on a freshly loaded version before it serves (default 200) @return this */
    public RecommendationServiceBuilder warmupCalls(int value) {
        this.warmupCalls = Math.max(0, value);
        return this;
    }

    /** @param value capacity of the shadow scoring queue; more is dropped and counted (default 1024) @return this */
    public RecommendationServiceBuilder shadowQueue(int value) {
        this.shadowQueue = Math.max(1, value);
        return this;
    }

    /** @param value threads scoring shadow versions (default 1) @return this */
    public RecommendationServiceBuilder shadowThreads(int value) {
        this.shadowThreads = Math.max(1, value);
        return this;
    }

    /** @param value serving container image digest for provenance @return this */
    public RecommendationServiceBuilder imageDigest(String value) {
        this.imageDigest = value == null || value.isBlank() ? null : value;
        return this;
    }

    /**
     * Turns on real-time fold-in ({@link RecommendationService#foldIn(UserEvent)}) with live
     * user states bounded to this many bytes; 0 (the default) leaves it off.
     *
     * @param value the byte bound of the live user states, {@code >= 0}
     * @return this
     */
    public RecommendationServiceBuilder foldInMaxBytes(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("foldInMaxBytes must be >= 0, got " + value);
        }
        this.foldInMaxBytes = value;
        return this;
    }

    /** @param value clock for timestamps @return this */
    public RecommendationServiceBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value);
        return this;
    }

    /** @return the service (not yet serving: call {@link RecommendationService#start}) */
    public RecommendationService build() {
        if (meterRegistry == null) {
            meterRegistry = new SimpleMeterRegistry();
        }
        if (loaders == null) {
            loaders = ModelLoaders.discover();
        }
        if (verifiers == null) {
            verifiers = Providers.load(VersionVerifier.class);
        }
        if (policies == null) {
            policies = RolloutPolicies.discover();
        }
        return new RecommendationService(this);
    }
}
