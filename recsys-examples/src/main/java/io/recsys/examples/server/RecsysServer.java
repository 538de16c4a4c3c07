package io.recsys.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.InvalidVersionException;
import io.recsys.core.ModelLoadException;
import io.recsys.core.ModelVersion;
import io.recsys.core.NotReadyException;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutStatus;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.UnknownVersionException;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.Recommendation;
import io.recsys.core.serving.RecommendRequest;
import io.recsys.core.serving.RecommendationService;
import io.recsys.core.serving.SwitchResult;
import io.recsys.experiments.ExperimentAnalysis;
import io.recsys.experiments.ExperimentAnalyzer;
import io.recsys.experiments.ExperimentInfo;
import io.recsys.experiments.ExperimentLog;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.experiments.drift.DriftMonitor;
import io.recsys.provenance.sink.AsyncProvenanceSink;
import io.recsys.provenance.trace.InMemoryTraceStore;
import io.recsys.provenance.sink.JsonLinesSink;
import io.recsys.provenance.ProvenanceHeaders;
import io.recsys.provenance.RequestIds;
import io.recsys.provenance.report.SwitchEventLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example HTTP server: the seeds' whole API on the JDK's {@code com.sun.net.httpserver},
 * as a thin translation of {@link RecommendationService}. See {@code docs/api.md}.
 */
public final class RecsysServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecsysServer.class);
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** Seconds a client has to send its request line and headers (JDK {@code maxReqTime}). */
    static final int MAX_REQUEST_HEAD_SECONDS = 10;
    /** Seconds from the end of the request head to the end of the answer (JDK {@code maxRspTime}). */
    static final int MAX_EXCHANGE_SECONDS = 60;
    /** Largest request head in bytes (JDK {@code maxReqHeaderSize}). */
    static final int MAX_REQUEST_HEADER_BYTES = 32 * 1024;
    /** Most request header lines (JDK {@code maxReqHeaders}). */
    static final int MAX_REQUEST_HEADERS = 100;

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, a keep-alive
        // client's delayed ACK then stalls every answer by ~40 ms. Must be set before the first
        // HttpServer is created (the JDK reads these properties once). Values set on the command
        // line win.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // The JDK reads a request's line and headers on a handler thread, and by default waits for
        // them forever: a few clients that connect and send half a request would hold every handler
        // thread. Bound the time to send the request head, and the time from the head to the end
        // of the answer (which covers a stalled request body and a client that stops reading).
        setIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_HEAD_SECONDS));
        setIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(MAX_EXCHANGE_SECONDS));
        // Request heads larger than this close the connection (the JDK default is 380 KiB).
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", String.valueOf(MAX_REQUEST_HEADER_BYTES));
        setIfAbsent("sun.net.httpserver.maxReqHeaders", String.valueOf(MAX_REQUEST_HEADERS));
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private final ServerOptions options;
    private final PrometheusMeterRegistry meters;
    private final FileSystemModelRegistry registry;
    private final RecommendationService service;
    private final ServingStateStore stateStore;
    private final AdminGuard admin;
    private final InMemoryTraceStore traces;
    private final SwitchEventLog switchLog;
    private final ExperimentLog experiments;
    private final ExperimentAnalyzer analyzer;
    private final java.util.concurrent.atomic.AtomicReference<DriftMonitor> drift = new java.util.concurrent.atomic.AtomicReference<>();
    private final Router router = new Router();
    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object drainLock = new Object();
    private int inFlight;
    private boolean draining;
    private final String startupSource;

    private RecsysServer(ServerOptions options, Map<String, String> env) throws IOException {
        this.options = options;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.registry = new FileSystemModelRegistry(options.registry());
        this.stateStore = new ServingStateStore(registry.root());
        this.admin = new AdminGuard(options.adminKey(), meters);
        this.traces = new InMemoryTraceStore(options.traceCapacity(), java.time.Clock.systemUTC());
        this.experiments = ExperimentLog.builder().build();
        this.analyzer = new ExperimentAnalyzer(experiments);
        var builder = RecommendationService.builder(registry)
                .meterRegistry(meters)
                .maxK(options.maxK())
                .imageDigest(options.imageDigest())
                .sink(traces)
                .sink(experiments)
                .sink(new io.recsys.core.spi.ProvenanceSink() {
                    @Override
                    public void accept(io.recsys.core.PredictionRecord record) {
                        DriftMonitor d = drift.get();
                        if (d != null) {
                            d.accept(record);
                        }
                    }

                    @Override
                    public String name() {
                        return "drift";
                    }
                });
        Path logDir = options.provenanceLog();
        if (logDir != null) {
            // The file sink may block on I/O: it sits behind a bounded queue whose drops are counted.
            builder.sink(new AsyncProvenanceSink(JsonLinesSink.builder(logDir).build(), 65_536, meters,
                    java.time.Duration.ofSeconds(10)));
        }
        this.service = builder.build();
        this.switchLog = new SwitchEventLog((logDir != null ? logDir : registry.root()).resolve("switch_events.jsonl"));
        service.manager().addSwitchListener(e -> {
            try {
                switchLog.append(e);
            } catch (IOException ex) {
                LOG.warn("Could not append to switch log {}: {}", switchLog.file(), ex.toString());
            }
        });
        this.startupSource = startServing(env);
        startDriftMonitor();
        service.manager().addSwitchListener(e -> startDriftMonitor());
        routes();
        this.executor = new ThreadPoolExecutor(options.threads(), options.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "recsys-http");
                    t.setDaemon(true);
                    return t;
                });
        this.http = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 1024);
        this.http.setExecutor(executor);
        this.http.createContext("/", this::dispatch);
    }

    /**
     * Creates and starts a server.
     *
     * @param options settings
     * @param env environment variables (the seeds' {@code MODEL_VERSION}, {@code ROLLOUT_STRATEGY}, ...)
     * @return the running server
     * @throws IOException when the port cannot be bound or the registry read
     */
    public static RecsysServer start(ServerOptions options, Map<String, String> env) throws IOException {
        var server = new RecsysServer(options, env);
        server.http.start();
        LOG.info("recsys server listening on http://{}:{} (registry {}, serving state from {})",
                options.bindAddress(), server.port(), options.registry(), server.startupSource);
        if (!server.admin.keyConfigured()) {
            LOG.warn("MODEL_ADMIN_API_KEY is not set: admin endpoints (/switch, /rollout/update, /admin/*) answer loopback clients only");
        }
        return server;
    }

    /** @return the bound port */
    public int port() {
        return http.getAddress().getPort();
    }

    /** @return where the initial serving state came from: persisted state, environment, latest.txt, or none */
    public String startupSource() {
        return startupSource;
    }

    /** @return the service behind the API */
    public RecommendationService service() {
        return service;
    }

    /** @return the in-memory trace store behind {@code /trace/{request_id}} */
    public InMemoryTraceStore traceStore() {
        return traces;
    }

    /** @return the experiment log behind {@code /experiment/analyze} and {@code /feedback} */
    public ExperimentLog experimentLog() {
        return experiments;
    }

    /**
     * Registers a JVM shutdown hook that closes this server gracefully ({@link #close()}: drain,
     * then flush the provenance sinks) and then ends the process with status 0, so that a
     * {@code SIGTERM} from a process supervisor counts as a clean stop. (Without it the JVM reports
     * a termination by signal, status 143, even when every hook finished.) A close that throws
     * leaves the JVM's own exit status.
     *
     * @return the hook thread (already registered)
     */
    public Thread exitCleanlyOnTermination() {
        Thread hook = new Thread(() -> {
            close();
            Runtime.getRuntime().halt(0);
        }, "recsys-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** @return the meter registry behind {@code /metrics} */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /**
     * Graceful shutdown: new requests get 503 with {@code Connection: close}, in-flight requests
     * finish (waiting up to 10 s), the listener closes, then the provenance sinks are flushed and
     * closed. (The JDK's {@code HttpServer.stop(delay)} alone would also wait for idle keep-alive
     * connections, so the server tracks its own in-flight requests.)
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (drainLock) {
            draining = true;
            while (inFlight > 0 && System.nanoTime() < deadline) {
                try {
                    drainLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (inFlight > 0) {
                LOG.warn("Stopping with {} requests still in flight after 10 s", inFlight);
            }
        }
        http.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        meters.close();
        LOG.info("recsys server stopped");
    }

    private String startServing(Map<String, String> env) throws IOException {
        if (!options.resetState()) {
            try {
                var persisted = stateStore.load();
                if (persisted.isPresent()) {
                    service.start(persisted.get());
                    return "persisted state (" + stateStore.file() + ")";
                }
            } catch (RuntimeException | IOException e) {
                LOG.warn("Ignoring persisted serving state {}: {}", stateStore.file(), e.getMessage());
            }
        }
        boolean fromEnv = env.keySet().stream().anyMatch(k -> List.of("MODEL_VERSION", "ROLLOUT_STRATEGY",
                "CANARY_VERSION", "CANARY_PERCENTAGE").contains(k) && !env.get(k).isBlank());
        var latest = registry.latest();
        if (!fromEnv && latest.isEmpty()) {
            if (!registry.versions().isEmpty()) {
                service.start(RolloutConfig.builder(registry.versions().get(registry.versions().size() - 1))
                        .environment(env.get("ENVIRONMENT")).build());
                return "newest version (no latest.txt)";
            }
            LOG.warn("Registry {} holds no model version yet: /readyz answers 503 until one is published and switched to",
                    registry.root());
            return "none (empty registry)";
        }
        RolloutConfig config = RolloutConfig.fromEnvironment(env, () -> latest.orElseThrow(() ->
                new InvalidRolloutException("MODEL_VERSION is not set and the registry has no latest.txt")));
        service.start(config);
        return fromEnv ? "environment" : "latest.txt";
    }

    /**
     * Compares live traffic with the training data of the first model that serves: the requesting
     * users' training activity (its missing ratio is the share of unknown users) and the training
     * popularity of served items. Look-ups follow the current primary model.
     */
    private void startDriftMonitor() {
        if (drift.get() != null || !service.isReady()) {
            return;
        }
        var profile = service.manager().state().primary().trainingProfile();
        if (profile.isEmpty()) {
            return;
        }
        synchronized (drift) {
            if (drift.get() != null) {
                return;
            }
            drift.set(DriftMonitor.builder()
                    .numericFeature(DriftMonitor.USER_ACTIVITY, profile.get().userActivity())
                    .numericFeature(DriftMonitor.ITEM_POPULARITY, profile.get().itemPopularity())
                    .userActivity(id -> currentProfile().map(p -> p.userActivity(id)).orElse(Double.NaN))
                    .itemPopularity(id -> currentProfile().map(p -> p.itemPopularity(id)).orElse(Double.NaN))
                    .registry(meters)
                    .build());
        }
    }

    private java.util.Optional<io.recsys.core.TrainingProfile> currentProfile() {
        return service.isReady() ? service.manager().state().primary().trainingProfile() : java.util.Optional.empty();
    }

    /**
     * Applies a rollout change as {@code POST /rollout/update} does, including persisting it.
     *
     * @param update the change
     * @return the status now in force
     */
    public RolloutStatus updateRollout(RolloutUpdate update) {
        RolloutStatus status = service.updateRollout(update);
        persist();
        return status;
    }

    private void persist() {
        try {
            stateStore.save(service.rolloutPolicy().config());
        } catch (IOException e) {
            LOG.warn("Could not persist serving state to {}: {}", stateStore.file(), e.toString());
        }
    }

    // ---------------------------------------------------------------- routes

    private void routes() {
        router.add("GET", "/recommend/{user_id}", this::recommend)
                .add("GET", "/recommendations", this::recommendations)
                .add("GET", "/healthz", r -> Response.json(health()))
                .add("GET", "/readyz", this::ready)
                .add("GET", "/metrics", r -> Response.text(meters.scrape(), "text/plain; version=0.0.4; charset=utf-8"))
                .add("GET", "/switch", this::switchModel)
                .add("POST", "/rollout/update", this::updateRollout)
                .add("GET", "/rollout/status", r -> Response.json(rolloutStatus()))
                .add("GET", "/trace/{request_id}", this::trace)
                .add("GET", "/traces/{request_id}", this::trace)
                .add("GET", "/experiment/analyze", this::analyze)
                .add("GET", "/experiments/{name}/summary", this::summary)
                .add("POST", "/feedback", this::feedback)
                .add("POST", "/events", this::feedback)
                .add("GET", "/admin/models", this::adminModels)
                .add("POST", "/admin/switch-model", this::adminSwitch);
    }

    private Response recommend(Request r) {
        return answer(r, parseUserId(r.pathVar("user_id")));
    }

    private Response recommendations(Request r) {
        String user = r.param("user_id");
        if (user == null) {
            throw ApiException.badRequest("Query parameter user_id is required");
        }
        return answer(r, parseUserId(user));
    }

    private Response answer(Request r, long userId) {
        int k = parseK(r.param("k"));
        boolean excludeSeen = parseBoolean(r.param("exclude_seen"), "exclude_seen", true);
        String requestId = RequestIds.accept(r.header("X-Request-ID"));
        r.serviceRecorded = true;
        Recommendation rec = service.recommend(new RecommendRequest(userId, k, excludeSeen, requestId, r.template, r.method));
        var body = new LinkedHashMap<String, Object>();
        body.put("user_id", userId);
        body.put("model", rec.provenance().modelVersion());
        body.put("items", rec.itemIds());
        body.put("variant", rec.variant());
        body.put("provenance", rec.provenance());
        Response response = Response.json(body);
        ProvenanceHeaders.of(requestId, rec.model()).forEach(response::header);
        return response;
    }

    private Response trace(Request r) {
        String id = r.pathVar("request_id");
        return traces.view(id).map(Response::json)
                .orElseThrow(() -> ApiException.notFound("No trace for request id '" + Router.sanitize(id)
                        + "' (the store keeps the last " + traces.capacity() + " requests)"));
    }

    private Response analyze(Request r) {
        int minutes = parseWindow(r.param("time_window_minutes"), "time_window_minutes", 120, 7 * 24 * 60);
        return Response.json(currentAnalysis(java.time.Duration.ofMinutes(minutes)));
    }

    private Response summary(Request r) {
        int hours = parseWindow(r.param("windowHours"), "windowHours", 24, 7 * 24);
        ExperimentAnalysis a = currentAnalysis(java.time.Duration.ofHours(hours));
        var body = new LinkedHashMap<String, Object>();
        body.put("experiment", r.pathVar("name"));
        body.put("windowHours", hours);
        body.put("summary", a.summary());
        return Response.json(body);
    }

    /** Compares the two variants the current rollout splits traffic between. */
    private ExperimentAnalysis currentAnalysis(java.time.Duration window) {
        RolloutStatus s = service.rolloutStatus();
        ExperimentInfo info = switch (s.strategy()) {
            case "canary" -> s.canaryPercentage() > 0 && s.canaryPercentage() < 100
                    ? ExperimentInfo.canary(s.primaryVersion(), s.canaryVersion(), s.canaryPercentage())
                    : new ExperimentInfo("canary", "primary", "canary", s.primaryVersion(), s.canaryVersion(), 0.5);
            case "ab_test" -> ExperimentInfo.abTest(s.primaryVersion(), s.canaryVersion());
            // No live split: compare the primary with whatever a previous canary served in the window.
            default -> new ExperimentInfo(s.strategy(), "primary", "canary", s.primaryVersion(), s.canaryVersion(), 0.5);
        };
        return analyzer.analyze(window, info);
    }

    private Response feedback(Request r) throws IOException {
        JsonNode body = parseJsonObject(r.body());
        String user = text(body, "user_id");
        String item = text(body, "item_id");
        String type = text(body, "event") != null ? text(body, "event") : text(body, "type");
        if (user == null || item == null || type == null) {
            throw ApiException.badRequest("Fields user_id, item_id and event (click, watch or convert) are required");
        }
        UserEventType feedbackType;
        try {
            feedbackType = UserEventType.parse(type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(Router.sanitize(e.getMessage()));
        }
        String requestId = text(body, "request_id");
        if (requestId != null && !RequestIds.isValid(requestId)) {
            throw ApiException.badRequest("request_id must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        long userId = parseId(user, "user_id");
        long itemId = parseId(item, "item_id");
        var how = experiments.recordFeedback(UserEvent.of(requestId, userId, itemId, feedbackType,
                System.currentTimeMillis()));
        var out = new LinkedHashMap<String, Object>();
        out.put("status", "accepted");
        out.put("attribution", how.name().toLowerCase(java.util.Locale.ROOT));
        return Response.json(202, out);
    }

    private static int parseWindow(String text, String name, int dflt, int max) {
        if (text == null) {
            return dflt;
        }
        if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) < 1 || Integer.parseInt(text) > max) {
            throw ApiException.badRequest(name + " must be an integer from 1 to " + max);
        }
        return Integer.parseInt(text);
    }

    private Map<String, Object> health() {
        var body = new LinkedHashMap<String, Object>();
        boolean ready = service.isReady();
        body.put("status", ready ? "ok" : "no_model");
        body.put("version", ready ? service.activeVersion().toString() : null);
        body.put("rollout", ready ? service.rolloutStatus() : null);
        body.put("uptime_seconds", service.metrics().uptimeSeconds());
        return body;
    }

    private Response ready(Request r) {
        if (!service.isReady()) {
            throw new ApiException(503, "not_ready", "No model is loaded yet");
        }
        return Response.json(Map.of("ready", true, "version", service.activeVersion().toString()));
    }

    private Map<String, Object> rolloutStatus() {
        var body = new LinkedHashMap<String, Object>();
        body.put("rollout", service.rolloutStatus());
        body.put("active_version", service.activeVersion().toString());
        return body;
    }

    private Response switchModel(Request r) throws IOException {
        admin.check(r);
        String model = r.param("model");
        if (model == null) {
            throw ApiException.badRequest("Query parameter model is required, e.g. /switch?model=v0.2");
        }
        SwitchResult result = service.switchTo(model);
        persist();
        return Response.json(switchBody(result));
    }

    private Map<String, Object> switchBody(SwitchResult result) throws IOException {
        RegisteredVersion rv = result.registered();
        var meta = new LinkedHashMap<String, Object>();
        meta.put("version", rv.metadata());
        Path modelMeta = rv.artifactDir().resolve("meta.json");
        meta.put("model", Files.isRegularFile(modelMeta) ? JSON.readTree(modelMeta.toFile()) : null);
        var body = new LinkedHashMap<String, Object>();
        body.put("status", "ok");
        body.put("model_name", rv.metadata().modelName());
        body.put("model_version", result.version().toString());
        body.put("previous_version", result.previousVersion() == null ? null : result.previousVersion().toString());
        body.put("meta", meta);
        return body;
    }

    private Response updateRollout(Request r) throws IOException {
        admin.check(r);
        String strategy = r.param("strategy");
        String canary = r.param("canary_version");
        String pct = r.param("canary_percentage");
        var params = new LinkedHashMap<String, String>();
        if (r.param("split") != null) {
            params.put("split", r.param("split"));
        }
        byte[] bytes = r.body();
        if (bytes.length > 0) {
            JsonNode body = parseJsonObject(bytes);
            strategy = strategy != null ? strategy : text(body, "strategy");
            canary = canary != null ? canary : text(body, "canary_version");
            pct = pct != null ? pct : text(body, "canary_percentage");
            if (body.hasNonNull("split")) {
                params.putIfAbsent("split", text(body, "split"));
            }
            JsonNode p = body.get("params");
            if (p != null && !p.isNull()) {
                if (!p.isObject() || p.size() > 16) {
                    throw ApiException.badRequest("params must be an object of at most 16 strategy options");
                }
                p.fields().forEachRemaining(e -> params.putIfAbsent(e.getKey(), text(p, e.getKey())));
            }
        }
        var update = new RolloutUpdate(strategy, canary, pct, null, params);
        if (update.isEmpty()) {
            throw ApiException.badRequest("Nothing to update: give strategy, canary_version, canary_percentage and/or split"
                    + " (query parameters or a JSON body)");
        }
        RolloutStatus status = service.updateRollout(update);
        persist();
        var body = new LinkedHashMap<String, Object>();
        body.put("status", "ok");
        body.put("rollout", status);
        body.put("active_version", service.activeVersion().toString());
        return Response.json(body);
    }

    private Response adminModels(Request r) {
        admin.check(r);
        var versions = new ArrayList<Object>();
        for (ModelVersion v : registry.versions()) {
            versions.add(registry.get(v).metadata());
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("versions", versions);
        body.put("latest", registry.latest().map(ModelVersion::toString).orElse(null));
        body.put("serving_state", servingState());
        return Response.json(body);
    }

    private Map<String, Object> servingState() {
        var state = new LinkedHashMap<String, Object>();
        if (!service.isReady()) {
            return state;
        }
        RolloutStatus s = service.rolloutStatus();
        state.put("control", s.primaryVersion());
        state.put("treatment", s.canaryVersion());
        state.put("strategy", s.strategy());
        state.put("canary_percentage", s.canaryPercentage());
        return state;
    }

    private Response adminSwitch(Request r) throws IOException {
        admin.check(r);
        JsonNode body = parseJsonObject(r.body());
        String version = text(body, "version");
        String target = text(body, "target");
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
                service.updateRollout(new RolloutUpdate(null, null, null, v.toString()));
            }
            case "treatment" -> {
                String strategy = service.rolloutStatus().strategy().equals("fixed") ? "ab_test" : null;
                service.updateRollout(RolloutUpdate.of(strategy, v.toString(), null));
            }
            case "all" -> service.switchTo(v.toString());
            default -> throw ApiException.badRequest("target must be control, treatment or all, got '"
                    + Router.sanitize(target) + "'");
        }
        persist();
        var out = new LinkedHashMap<String, Object>();
        out.put("status", "ok");
        out.put("target", target);
        out.put("version", v.toString());
        out.put("serving_state", servingState());
        return Response.json(out);
    }

    // ---------------------------------------------------------------- parsing

    static long parseUserId(String text) {
        return parseId(text, "user_id");
    }

    static long parseId(String text, String name) {
        if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.badRequest(name + " must be a non-negative integer, got '"
                    + Router.sanitize(String.valueOf(text)) + "'");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " is out of range (at most " + Long.MAX_VALUE + ")");
        }
    }

    private int parseK(String text) {
        if (text == null) {
            return 10;
        }
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-')) {
            throw ApiException.badRequest("k must be an integer between 1 and " + service.maxK() + ", got '"
                    + Router.sanitize(text) + "'");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("k must be an integer between 1 and " + service.maxK() + ", got '"
                    + Router.sanitize(text) + "'");
        }
    }

    private static boolean parseBoolean(String text, String name, boolean dflt) {
        if (text == null) {
            return dflt;
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false");
        };
    }

    static JsonNode parseJsonObject(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw ApiException.badRequest("Malformed JSON body: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("The JSON body must be an object");
        }
        return node;
    }

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw ApiException.badRequest("Field " + field + " must be a string or number");
        }
        return n.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return Router.sanitize(line);
    }

    // ---------------------------------------------------------------- dispatch

    private void dispatch(HttpExchange exchange) {
        long start = System.nanoTime();
        Request request = new Request(exchange, options.maxBodyBytes());
        String malformed = malformedHead(exchange);
        if (malformed != null) {
            // Answered before routing: the request is not HTTP/1.x as this server speaks it.
            exchange.getResponseHeaders().set("Connection", "close");
            try {
                write(exchange, request, Response.json(400, Map.of("error", "bad_request", "detail", malformed)));
            } catch (IOException e) {
                LOG.debug("Client went away before a 400 was written: {}", e.toString());
            } finally {
                exchange.close();
                service.metrics().recordRequest("unmatched", 400, System.nanoTime() - start);
                service.metrics().recordError("unmatched", "bad_request");
            }
            return;
        }
        synchronized (drainLock) {
            if (draining) {
                exchange.getResponseHeaders().set("Connection", "close");
                try {
                    write(exchange, request, Response.json(503, Map.of("error", "shutting_down",
                            "detail", "The server is shutting down")));
                } catch (IOException e) {
                    LOG.debug("Client went away during shutdown: {}", e.toString());
                } finally {
                    exchange.close();
                }
                return;
            }
            inFlight++;
        }
        try {
            serve(exchange, request, start);
        } finally {
            synchronized (drainLock) {
                inFlight--;
                if (inFlight == 0) {
                    drainLock.notifyAll();
                }
            }
        }
    }

    /**
     * Checks what the JDK server lets through: only HTTP/1.0 and HTTP/1.1 are spoken, and an
     * HTTP/1.1 request must carry exactly one {@code Host} header (RFC 9112, section 3.2).
     *
     * @return why the request head is refused, or null when it is acceptable
     */
    static String malformedHead(HttpExchange exchange) {
        String protocol = exchange.getProtocol();
        if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
            return "Unsupported protocol '" + Router.sanitize(String.valueOf(protocol)) + "'; use HTTP/1.1";
        }
        if ("HTTP/1.1".equals(protocol)) {
            List<String> hosts = exchange.getRequestHeaders().get("Host");
            if (hosts == null || hosts.size() != 1) {
                return "An HTTP/1.1 request needs exactly one Host header";
            }
        }
        return null;
    }

    private void serve(HttpExchange exchange, Request request, long start) {
        Response response;
        try {
            Router.Handler handler = router.resolve(request);
            response = handler.handle(request);
        } catch (Exception e) {
            response = error(request, e);
        }
        try {
            write(exchange, request, response);
        } catch (IOException e) {
            LOG.debug("Client went away before the answer was written: {}", e.toString());
        } finally {
            exchange.close();
            // Requests that reached the service were counted there; count the rest here.
            if (!request.serviceRecorded) {
                String endpoint = request.template == null ? "unmatched" : request.template;
                service.metrics().recordRequest(endpoint, response.status(), System.nanoTime() - start);
            }
        }
    }

    private Response error(Request request, Exception e) {
        ApiException api = null;
        if (e instanceof ApiException a) {
            api = a;
        } else if (e instanceof UnknownVersionException u) {
            api = new ApiException(404, "not_found", u.getMessage(),
                    Map.of("available", u.available().stream().map(ModelVersion::toString).toList()));
        } else if (e instanceof InvalidVersionException) {
            api = new ApiException(400, "invalid_version", e.getMessage());
        } else if (e instanceof InvalidRolloutException) {
            api = new ApiException(400, "invalid_rollout", e.getMessage());
        } else if (e instanceof InvalidRequestException) {
            api = new ApiException(400, "bad_request", e.getMessage());
        } else if (e instanceof InvalidArtifactException) {
            api = new ApiException(422, "invalid_model", e.getMessage());
        } else if (e instanceof ModelLoadException) {
            api = new ApiException(422, "model_load_failed", e.getMessage());
        } else if (e instanceof NotReadyException) {
            api = new ApiException(503, "not_ready", e.getMessage());
        } else if (e instanceof JsonProcessingException) {
            api = new ApiException(400, "bad_request", "Malformed JSON");
        }
        if (api == null) {
            LOG.error("Unhandled error on {} {}", request.method, Router.sanitize(request.path), e);
            api = new ApiException(500, "internal_error", "Internal error; see the server log");
        }
        if (api.status >= 400 && api.status < 500 && !request.serviceRecorded) {
            service.metrics().recordError(request.template == null ? "unmatched" : request.template, api.error);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("error", api.error);
        body.put("detail", api.getMessage());
        api.extra.forEach((k, v) -> {
            if (!k.equals("allow")) {
                body.put(k, v);
            }
        });
        var response = Response.json(api.status, body);
        if (api.extra.get("allow") instanceof String allow) {
            response.header("Allow", allow);
        }
        return response;
    }

    private static void write(HttpExchange exchange, Request request, Response response) throws IOException {
        byte[] bytes = response.body() instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(response.body());
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        response.headers().forEach(headers::set);
        boolean head = "HEAD".equals(request.method);
        exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
