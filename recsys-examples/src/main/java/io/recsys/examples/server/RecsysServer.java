package io.recsys.examples.server;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recsys.core.RolloutStatus;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.signing.SignatureVerifier;
import io.recsys.core.signing.TrustedKeys;
import io.recsys.core.spi.ProvenanceSinks;
import io.recsys.core.spi.Providers;
import io.recsys.core.spi.VersionVerifier;
import io.recsys.core.serving.RecommendationService;
import io.recsys.experiments.ExperimentLog;
import io.recsys.experiments.analysis.RolloutObservations;
import io.recsys.experiments.analysis.RolloutPlan;
import io.recsys.kafka.KafkaPlane;
import io.recsys.provenance.sink.AsyncProvenanceSink;
import io.recsys.provenance.trace.InMemoryTraceStore;
import io.recsys.provenance.sink.JsonLinesSink;
import io.recsys.provenance.report.SwitchEventLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example HTTP server: the seeds' whole API on the JDK's {@code com.sun.net.httpserver}, as a
 * thin translation of {@link RecommendationService}. See {@code docs/api.md}. This class is the
 * composition root: it builds the service with its sinks, the route table from the handler
 * classes, and the {@link Dispatcher} every request passes through, and owns start and close.
 */
public final class RecsysServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecsysServer.class);

    static {
        HttpLimits.apply();
    }

    private final ServerOptions options;
    private final PrometheusMeterRegistry meters;
    private final RecommendationService service;
    /** The service as the event topic sees it: set once built (events before that only reach the experiment log). */
    private final AtomicReference<RecommendationService> foldInTarget = new AtomicReference<>();
    private final AdminGuard admin;
    private final InMemoryTraceStore traces;
    private final ExperimentLog experiments;
    private final KafkaPlane kafka;
    private final ServingControl control;
    private final FleetSync fleet;
    private final RolloutAnalysisController analysis;
    /** Set once the analysis exists; the sink and the Kafka events, built before it, reach it through this. */
    private final AtomicReference<RolloutAnalysisController> analysisRef = new AtomicReference<>();
    private final Dispatcher dispatcher;
    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String startupSource;
    private final Path adminKeyFile;

    /** @param opened receives the Kafka plane as soon as it runs, so a failed start can close it */
    private RecsysServer(ServerOptions options, Map<String, String> env, AtomicReference<KafkaPlane> opened)
            throws IOException {
        this.options = options;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var registry = new FileSystemModelRegistry(options.registry());
        Path stateDir = options.stateDir().toAbsolutePath().normalize();
        var stateStore = new ServingStateStore(stateDir);
        // the state's lock is the registry-wide lock of the directory that holds it
        var stateLock = stateDir.equals(registry.root()) ? registry : new FileSystemModelRegistry(stateDir);
        // Secure by default: no configured key means a generated one, never open admin routes.
        this.adminKeyFile = options.adminKey() == null ? AdminKeyFile.location(registry.root(), env) : null;
        this.admin = new AdminGuard(adminKeyFile == null ? options.adminKey() : AdminKeyFile.loadOrCreate(adminKeyFile),
                meters);
        this.traces = new InMemoryTraceStore(options.traceCapacity(), Clock.systemUTC());
        this.experiments = ExperimentLog.builder().armOf(RunningExperiment::armOf).build();
        this.kafka = openKafka(options.kafka());
        opened.set(kafka);
        var drift = new DriftWiring(meters);
        var builder = RecommendationService.builder(registry)
                .verifiers(verifiers(options))
                .meterRegistry(meters)
                .maxK(options.maxK())
                .imageDigest(options.imageDigest())
                .foldInMaxBytes(options.foldInMaxBytes())
                .sink(traces)
                .sink(experiments)
                .sink(drift)
                .sink(record -> {
                    RolloutAnalysisController a = analysisRef.get();
                    if (a != null) {
                        a.sink().accept(record);
                    }
                });
        Path logDir = options.provenanceLog();
        if (logDir != null) {
            // The file sink may block on I/O: it sits behind a bounded queue whose drops are counted.
            builder.sink(new AsyncProvenanceSink(JsonLinesSink.builder(logDir).build(), 65_536, meters,
                    Duration.ofSeconds(10)));
        }
        if (kafka != null) {
            builder.sink(kafka.sink());
        }
        if (!options.sinks().isEmpty()) {
            var byName = ProvenanceSinks.discover();
            for (String spec : options.sinks()) {
                // a sink chosen by name may block on I/O: behind a bounded queue whose drops are counted
                builder.sink(new AsyncProvenanceSink(byName.create(spec), 65_536, meters, Duration.ofSeconds(10)));
            }
        }
        this.service = builder.build();
        foldInTarget.set(service);
        Path switchLog = (logDir != null ? logDir : registry.root()).resolve("switch_events.jsonl");
        logSwitches(new SwitchEventLog(switchLog));
        StartupRollout.Outcome startup;
        try {
            startup = StartupRollout.start(service, registry, stateStore, options, env);
        } catch (IOException | RuntimeException e) {
            var bad = BadVersionAtStartup.of(e);
            if (bad.isEmpty()) {
                service.close();
                throw e;
            }
            startup = BadVersionAtStartup.serveNothing(bad.get(), stateStore);
        }
        this.startupSource = startup.source();
        this.control = new ServingControl(service, stateStore, stateLock, startup.record(), startup.generation());
        if (startup.store()) {
            control.storeStartup();
        }
        this.analysis = new RolloutAnalysisController(service, control, new AnalysisStateStore(registry.root()),
                new AnalysisDecisionLog(switchLog), meters, Clock.systemUTC(), RolloutObservations.DEFAULT_MAX_USERS);
        analysisRef.set(analysis);
        try {
            analysis.resumeStored();
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        drift.attach(service);
        this.http = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 1024);
        String replicaId = options.replicaId() != null ? options.replicaId()
                : FleetSync.defaultReplicaId(env, http.getAddress().getPort());
        this.fleet = new FleetSync(replicaId, stateStore, control, service, new FleetHeartbeats(stateDir),
                options.fleetPoll(), Clock.systemUTC());
        control.attachFleet(fleet);
        var router = new Router();
        var crossSite = CrossSiteGuard.fromEnvironment(options.bindAddress(), env);
        var requestIds = new RequestIdIssuer();
        new RecommendationHandlers(service, requestIds).register(router);
        new HealthHandlers(service, meters, kafka).readiness(fleet::notReadyReason).register(router);
        new RolloutHandlers(service, registry, control, analysis).register(router);
        new TraceHandlers(traces, requestIds, r -> {
            crossSite.check(r);
            admin.check(r);
        }).register(router);
        new ExperimentHandlers(service, experiments, analysis.listener()).register(router);
        this.dispatcher = new Dispatcher(router, admin, crossSite, new EndpointMetrics(meters), options.maxBodyBytes(),
                options.threads(), Math.max(1, options.threads() / 2));
        // The JDK server hands an exchange to this executor as soon as its connection is readable and
        // reads the request head on it: many threads here (cheap while parked) so that slowly sent
        // heads cannot take them all; the dispatcher lets only options.threads() of them work at once.
        this.executor = new ThreadPoolExecutor(options.connectionThreads(), options.connectionThreads(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "recsys-http");
                    t.setDaemon(true);
                    return t;
                });
        this.executor.allowCoreThreadTimeOut(true);
        this.http.setExecutor(executor);
        this.http.createContext("/", dispatcher::dispatch);
    }

    /**
     * Builds the streaming plane: the prediction sink, and the event source feeding the experiment
     * log (started here, so events arrive from now on); its meters go to {@code /metrics}.
     */
    private KafkaPlane openKafka(ServerOptions.KafkaSettings settings) {
        if (settings == null) {
            return null;
        }
        var b = KafkaPlane.builder(settings.bootstrap(), settings.predictionTopic()).clientId("recsys-server")
                .groupId(settings.eventGroup()).meterRegistry(meters);
        if (settings.eventTopic() != null) {
            // events feed the experiment log, the rollout analysis, and fold into the serving version's live user states
            b.events(settings.eventTopic(), event -> {
                experiments.onEvent(event);
                RolloutAnalysisController a = analysisRef.get();
                if (a != null) {
                    a.listener().onEvent(event);
                }
                RecommendationService s = foldInTarget.get();
                if (s != null) {
                    s.onEvent(event);
                }
            });
        }
        KafkaPlane plane = b.build();
        LOG.info("Kafka: predictions to topic {}{}", settings.predictionTopic(), settings.eventTopic() == null ? ""
                : ", events from topic " + settings.eventTopic() + " (group " + settings.eventGroup() + ")");
        return plane;
    }

    /** Appends every switch attempt to the switch log ({@code availability} reads it). */
    private void logSwitches(SwitchEventLog switchLog) {
        service.manager().addSwitchListener(e -> {
            try {
                switchLog.append(e);
            } catch (IOException ex) {
                LOG.warn("Could not append to switch log {}: {}", switchLog.file(), ex.toString());
            }
        });
    }

    /**
     * The version checks: every discovered {@link VersionVerifier} (the training manifest) plus the
     * signature check when keys are trusted: signed versions must verify against them, and with
     * {@code requireSignature} unsigned ones are refused.
     */
    private static List<VersionVerifier> verifiers(ServerOptions options) {
        var all = new ArrayList<VersionVerifier>(Providers.load(VersionVerifier.class));
        if (!options.trustKeys().isEmpty()) {
            all.add(new SignatureVerifier(TrustedKeys.fromFiles(options.trustKeys()), options.requireSignature()
                    ? SignatureVerifier.Policy.REQUIRE_SIGNATURE : SignatureVerifier.Policy.VERIFY_IF_SIGNED));
        }
        return all;
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
        var opened = new AtomicReference<KafkaPlane>();
        RecsysServer server;
        try {
            server = new RecsysServer(options, env, opened);
        } catch (IOException | RuntimeException e) {
            if (opened.get() != null) {
                opened.get().close();
            }
            throw e;
        }
        server.http.start();
        server.fleet.start();
        server.analysis.startScheduler();
        LOG.info("recsys server listening on http://{}:{} (registry {}, serving state from {}; replica {} follows {}"
                + " every {} ms)", options.bindAddress(), server.port(), options.registry(), server.startupSource,
                server.fleet.replicaId(), server.control.stateFile(), options.fleetPoll().toMillis());
        if (server.adminKeyFile != null) {
            LOG.info("MODEL_ADMIN_API_KEY is not set: admin endpoints require the generated key in {} (send it as X-API-Key)",
                    server.adminKeyFile);
        }
        return server;
    }

    /** @return the file holding the generated admin key, or null when the key was configured */
    public Path adminKeyFile() {
        return adminKeyFile;
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
     * closed (the Kafka sink among them, so every answered request reaches its topic), and last the
     * Kafka plane's event source stops. (The JDK's {@code HttpServer.stop(delay)} alone would also wait for idle keep-alive
     * connections, so the server tracks its own in-flight requests.)
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int left = dispatcher.drain(TimeUnit.SECONDS.toNanos(10));
        if (left > 0) {
            LOG.warn("Stopping with {} requests still in flight after 10 s", left);
        }
        http.stop(0);
        analysis.close();
        fleet.close();
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        if (kafka != null) {
            kafka.close();
        }
        meters.close();
        LOG.info("recsys server stopped");
    }

    /**
     * Applies a rollout change as {@code POST /rollout/update} does, including persisting it.
     *
     * @param update the change
     * @return the status now in force
     */
    public RolloutStatus updateRollout(RolloutUpdate update) {
        return control.updateRollout(update);
    }

    /**
     * Starts an analysed canary as {@code POST /rollout/update?analysis=true} does: the rollout becomes
     * a canary at the plan's first step, and the analysis advances, promotes or rolls it back.
     *
     * @param update the canary (its {@code canaryVersion}; the primary stays unless named)
     * @param plan the steps, their minimum time and users, and the tests' alpha
     */
    public void startAnalysedRollout(RolloutUpdate update, RolloutPlan plan) {
        analysis.start(update, plan);
    }
}
