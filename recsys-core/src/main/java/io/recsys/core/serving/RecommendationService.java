package io.recsys.core.serving;

import io.recsys.core.Exclusions;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.NotReadyException;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;
import io.recsys.core.RandomIds;
import io.recsys.core.Recommender;
import io.recsys.core.RequestLine;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.RolloutStatus;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.Route;
import io.recsys.core.ScoredItem;
import io.recsys.core.ScoringException;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventListener;
import io.recsys.core.foldin.FoldIn;
import io.recsys.core.foldin.UserOverlay;
import io.recsys.core.foldin.UserState;
import io.recsys.core.spi.ProvenanceSink;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade an application embeds: recommendations with provenance and metrics, hot version
 * switches, and run-time rollout changes. Thread-safe. The example HTTP server is a thin
 * translation of this class.
 *
 * <pre>{@code
 * var service = RecommendationService.builder(new FileSystemModelRegistry(dir))
 *         .meterRegistry(prometheus)
 *         .sink(traceStore)
 *         .build();
 * service.start(RolloutConfig.fromEnvironment(System.getenv(), () -> registry.latest().orElseThrow()));
 * Recommendation r = service.recommend(RecommendRequest.of(42, 10));
 * }</pre>
 */
public final class RecommendationService implements AutoCloseable, UserEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendationService.class);

    private final ModelManager manager;
    private final ServiceMetrics metrics;
    private final List<ProvenanceSink> sinks;
    private final int maxK;
    private final String imageDigest;
    private final Clock clock;
    private final ShadowQueue shadows;
    private final UserOverlay overlay;

    RecommendationService(RecommendationServiceBuilder b) {
        this.metrics = new ServiceMetrics(b.meterRegistry);
        this.sinks = List.copyOf(b.sinks);
        this.maxK = b.maxK;
        this.imageDigest = b.imageDigest;
        this.clock = b.clock;
        this.manager = ModelManager.builder(b.registry).loaders(b.loaders).verifiers(b.verifiers).policies(b.policies)
                .metrics(metrics).cacheSize(b.cacheSize).warmupCalls(b.warmupCalls).clock(b.clock).build();
        this.shadows = new ShadowQueue(b.shadowThreads, b.shadowQueue);
        this.overlay = b.foldInMaxBytes > 0 ? UserOverlay.create(b.foldInMaxBytes, b.meterRegistry) : null;
    }

    /**
     * @param registry where model versions come from
     * @return a builder with defaults: ServiceLoader-discovered loaders, verifiers and rollout
     *     strategies, max k 1000, cache of 3 versions, no sinks, a simple meter registry
     */
    public static RecommendationServiceBuilder builder(ModelRegistry registry) {
        return new RecommendationServiceBuilder(registry);
    }

    /**
     * Starts serving a rollout configuration (loads, verifies and warms its versions).
     *
     * @param config the initial rollout
     * @return the status now in force
     */
    public RolloutStatus start(RolloutConfig config) {
        return manager.setRollout(config).describe();
    }

    /**
     * Recommends for a user.
     *
     * @param userId the user
     * @param k how many items
     * @return the answer
     */
    public Recommendation recommend(long userId, int k) {
        return recommend(RecommendRequest.of(userId, k));
    }

    /**
     * Recommends: routes the user, scores with the routed version and hands the provenance record
     * to every sink; scores the shadow version (if any) off the request path. Request counts and
     * latencies are the transport's to record: the answer carries its route, and each failure is
     * a typed exception ({@link Outcome} names them).
     *
     * @param request the request
     * @return the answer with its provenance
     * @throws InvalidRequestException when {@code k} is out of range ({@link Outcome#INVALID_REQUEST})
     * @throws NotReadyException when no model is loaded ({@link Outcome#NOT_READY})
     * @throws ScoringException when the model fails while scoring ({@link Outcome#MODEL_ERROR}),
     *     carrying the route
     */
    public Recommendation recommend(RecommendRequest request) {
        long startNanos = System.nanoTime();
        long timestamp = clock.millis();
        if (request.k() < 1 || request.k() > maxK) {
            throw new InvalidRequestException("k must be between 1 and " + maxK + ", got " + request.k());
        }
        ServingState state = manager.state();
        String requestId = request.requestId() != null ? request.requestId() : RandomIds.uuid();
        Route route = state.policy().route(request.userId());
        Recommender model = state.model(route.servedVersion());
        ModelInfo info = model.info();
        Exclusions exclusions = request.excludeSeen() ? Exclusions.seen() : Exclusions.none();
        // Users without live state take the model's own path: the overlay answers "absent" without allocating.
        UserState live = overlay != null && model instanceof FoldIn ? overlay.get(info.version(), request.userId()) : null;
        List<ScoredItem> items;
        try {
            items = live == null ? model.recommend(request.userId(), request.k(), exclusions)
                    : ((FoldIn) model).recommend(request.userId(), live, request.k(), exclusions);
        } catch (RuntimeException e) {
            long nanos = System.nanoTime() - startNanos;
            emit(record(requestId, timestamp, request, List.of(), route, info, nanos, Outcome.MODEL_ERROR, false,
                    e.getClass().getSimpleName(), live));
            throw new ScoringException(route, e);
        }
        long nanos = System.nanoTime() - startNanos;
        var provenance = new Provenance(requestId, timestamp, info.modelName(), info.version().toString(), info.gitSha(),
                info.dataSnapshotId(), imageDigest, Math.round(nanos / 1e6), nanos / 1_000, info.manifestSha256());
        emit(record(requestId, timestamp, request, items, route, info, nanos, Outcome.SERVED, false, null, live));
        if (route.hasShadow()) {
            scoreShadow(state, route, request, requestId);
        }
        return new Recommendation(request.userId(), items, route, info, provenance);
    }

    /**
     * Folds a user event into the live state of the version now serving that user (when fold-in
     * is on and that version's model implements {@link FoldIn}); the user's next recommendation
     * from that version follows it, and its items count as seen. Other versions are not touched,
     * so a switch or rollback never mixes one version's vector with another's items.
     *
     * @param event the event
     * @return the user's new state; empty when fold-in is off, no model is loaded, the serving
     *     model cannot fold in, or it had nothing to fold (an item it does not know)
     * @throws IllegalArgumentException when the model rejects the event
     */
    public java.util.Optional<UserState> foldIn(UserEvent event) {
        Objects.requireNonNull(event, "event");
        if (overlay == null || !manager.isReady()) {
            return java.util.Optional.empty();
        }
        ServingState state = manager.state();
        Route route = state.policy().route(event.userId());
        Recommender model = state.model(route.servedVersion());
        if (!(model instanceof FoldIn f)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(overlay.apply(model.info().version(), f, event));
    }

    /**
     * The {@link UserEventListener} contract: {@link #foldIn(UserEvent)}, so an event source can
     * feed the service directly.
     *
     * @param event the event
     */
    @Override
    public void onEvent(UserEvent event) {
        foldIn(event);
    }

    /** @return the live user states, when fold-in is on */
    public java.util.Optional<UserOverlay> overlay() {
        return java.util.Optional.ofNullable(overlay);
    }

    /**
     * Switches the primary version (see {@link ModelManager#switchTo}).
     *
     * @param version the version text, e.g. {@code v0.3}
     * @return the previous and new version
     */
    public SwitchResult switchTo(String version) {
        return manager.switchTo(ModelVersion.parse(version));
    }

    /**
     * @param update a run-time rollout change
     * @return the status now in force
     */
    public RolloutStatus updateRollout(RolloutUpdate update) {
        return manager.updateRollout(update).describe();
    }

    /**
     * @param config a complete rollout configuration to serve
     * @return the status now in force
     */
    public RolloutStatus setRollout(RolloutConfig config) {
        return manager.setRollout(config).describe();
    }

    /** @return the rollout status @throws NotReadyException when no model is loaded */
    public RolloutStatus rolloutStatus() {
        return manager.state().policy().describe();
    }

    /** @return the rollout policy in force @throws NotReadyException when no model is loaded */
    public RolloutPolicy rolloutPolicy() {
        return manager.state().policy();
    }

    /** @return the primary version @throws NotReadyException when no model is loaded */
    public ModelVersion activeVersion() {
        return manager.state().primaryVersion();
    }

    /** @return whether a model is loaded */
    public boolean isReady() {
        return manager.isReady();
    }

    /** @return the model manager (snapshot, switch listeners, cache) */
    public ModelManager manager() {
        return manager;
    }

    /** @return the registry */
    public ModelRegistry registry() {
        return manager.registry();
    }

    /** @return the service metrics */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /** @return the largest {@code k} accepted */
    public int maxK() {
        return maxK;
    }

    /** @return the serving container image digest, or null */
    public String imageDigest() {
        return imageDigest;
    }

    /** Flushes every sink (durable sinks write what they accepted). */
    public void flush() {
        for (ProvenanceSink s : sinks) {
            try {
                s.flush();
            } catch (RuntimeException e) {
                metrics.recordSinkError(s.name());
            }
        }
    }

    /** Waits for queued shadow scorings, then flushes and closes every sink. */
    @Override
    public void close() {
        shadows.close();
        for (ProvenanceSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                metrics.recordSinkError(s.name());
                LOG.warn("Closing provenance sink {} failed: {}", s.name(), e.toString());
            }
        }
        metrics.setUnhealthy();
    }

    private void scoreShadow(ServingState state, Route route, RecommendRequest request, String requestId) {
        boolean queued = shadows.offer(() -> {
            long start = System.nanoTime();
            long ts = clock.millis();
            Recommender shadow = state.model(route.shadowVersion());
            try {
                List<ScoredItem> items = shadow.recommend(request.userId(), request.k(),
                        request.excludeSeen() ? Exclusions.seen() : Exclusions.none());
                emit(record(requestId, ts, request, items, route, shadow.info(), System.nanoTime() - start,
                        Outcome.SERVED, true, null, null));
                metrics.recordShadow("scored");
            } catch (RuntimeException e) {
                metrics.recordShadow("error");
                emit(record(requestId, ts, request, List.of(), route, shadow.info(), System.nanoTime() - start,
                        Outcome.MODEL_ERROR, true, e.getClass().getSimpleName(), null));
            }
        });
        if (!queued) {
            metrics.recordShadow("dropped");
        }
    }

    private PredictionRecord record(String requestId, long timestamp, RecommendRequest request, List<ScoredItem> items,
                                    Route route, ModelInfo info, long nanos, Outcome outcome, boolean shadow,
                                    String errorType, UserState live) {
        long[] ids = new long[items.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = items.get(i).itemId();
        }
        return new PredictionRecord(requestId, timestamp, request.userId(), request.k(), ids,
                shadow ? "shadow" : route.variant(), route.bucket(), info, imageDigest, nanos, outcome,
                new RequestLine(request.method(), request.path()), shadow, errorType,
                live == null ? PredictionRecord.FROM_MODEL : PredictionRecord.FROM_FOLD_IN,
                live == null ? 0 : live.eventsSinceModel());
    }

    /** Hands a record to every sink; a sink that throws is counted and never fails the request. */
    private void emit(PredictionRecord record) {
        for (ProvenanceSink s : sinks) {
            try {
                s.accept(record);
            } catch (RuntimeException e) {
                metrics.recordSinkError(s.name());
            }
        }
    }
}
