package io.recsys.examples.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.PredictionRecord;
import io.recsys.core.RolloutStatus;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventListener;
import io.recsys.core.serving.RecommendationService;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.experiments.analysis.AnalysisState;
import io.recsys.experiments.analysis.AnalysisStatus;
import io.recsys.experiments.analysis.RolloutAnalysis;
import io.recsys.experiments.analysis.RolloutDecision;
import io.recsys.experiments.analysis.RolloutObservations;
import io.recsys.experiments.analysis.RolloutPlan;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analysed canary in the server: counts the two arms from the serving path and from
 * feedback, evaluates the {@link RolloutAnalysis} every interval on a scheduler thread, applies its
 * decisions through {@link ServingControl} (advance: the new percentage; promote: a switch to the
 * canary; roll back: one switch to the primary), writes them to the switch log with their evidence,
 * counts them ({@code rollout_analysis_decisions_total{decision}}, gauges {@code rollout_analysis_step}
 * and {@code rollout_analysis_weight}) and stores the analysis after every evaluation
 * ({@link AnalysisStateStore}), so a restart resumes it.
 *
 * <p>The stored analysis is the source of truth for what should serve: it is written before a
 * decision is applied, and a resumed analysis re-applies its step's weight (or its final switch)
 * when the serving state differs, so a crash between the two cannot leave them apart.
 */
final class RolloutAnalysisController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutAnalysisController.class);

    /** A running (or finished) analysis and the counts it reads. */
    private record Active(RolloutAnalysis analysis, RolloutObservations observations) {
    }

    private final RecommendationService service;
    private final ServingControl control;
    private final AnalysisStateStore store;
    private final AnalysisDecisionLog decisions;
    private final Clock clock;
    private final int maxUsers;
    private final AtomicReference<Active> active = new AtomicReference<>();
    private final Map<RolloutDecision.Action, Counter> counters = new EnumMap<>(RolloutDecision.Action.class);
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();

    RolloutAnalysisController(RecommendationService service, ServingControl control, AnalysisStateStore store,
            AnalysisDecisionLog decisions, MeterRegistry meters, Clock clock, int maxUsers) {
        this.service = service;
        this.control = control;
        this.store = store;
        this.decisions = decisions;
        this.clock = clock;
        this.maxUsers = maxUsers;
        for (RolloutDecision.Action a : RolloutDecision.Action.values()) {
            counters.put(a, Counter.builder("rollout.analysis.decisions").tag("decision", a.key())
                    .description("Decisions of the rollout analysis, by decision").register(meters));
        }
        Gauge.builder("rollout.analysis.step", active, r -> r.get() == null ? 0 : r.get().analysis().stepIndex() + 1)
                .description("Current 1-based step of the rollout analysis (0 when none ran)").register(meters);
        Gauge.builder("rollout.analysis.weight", this, RolloutAnalysisController::servedWeight)
                .description("Canary percentage the rollout analysis has set (0 after a rollback, 100 after a promotion)")
                .register(meters);
        Gauge.builder("rollout.analysis.running", active, r -> r.get() != null
                        && r.get().analysis().status() == AnalysisStatus.RUNNING ? 1 : 0)
                .description("1 while a rollout analysis is running").register(meters);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recsys-rollout-analysis");
            t.setDaemon(true);
            return t;
        });
    }

    private double servedWeight() {
        Active a = active.get();
        if (a == null) {
            return 0.0;
        }
        return switch (a.analysis().status()) {
            case ROLLED_BACK -> 0.0;
            case PROMOTED -> 100.0;
            default -> a.analysis().weight();
        };
    }

    /** Starts the evaluator: ticks often enough for the shortest interval a plan may have. */
    void startScheduler() {
        scheduler.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
    }

    /** The sink the service feeds: every request reaches the current analysis's counts. */
    ProvenanceSink sink() {
        return new ProvenanceSink() {
            @Override
            public void accept(PredictionRecord record) {
                Active a = active.get();
                if (a != null) {
                    a.observations().accept(record);
                }
            }

            @Override
            public String name() {
                return "rollout-analysis";
            }
        };
    }

    /** The listener feedback goes to: conversions reach the current analysis's counts. */
    UserEventListener listener() {
        return event -> {
            Active a = active.get();
            if (a != null) {
                a.observations().onEvent(event);
            }
        };
    }

    /**
     * Starts an analysed canary: the rollout becomes a canary of {@code canaryVersion} (or the current
     * canary) at the plan's first step, then the analysis starts. A running analysis is replaced.
     *
     * @return the status after the start
     */
    AnalysisView start(RolloutUpdate update, RolloutPlan plan) {
        synchronized (lock) {
            String canary = update.canaryVersion() != null ? update.canaryVersion()
                    : service.isReady() ? service.rolloutStatus().canaryVersion() : null;
            if (canary == null || canary.isBlank()) {
                throw ApiException.badRequest("An analysed rollout needs canary_version (the version to roll out)");
            }
            if (update.strategy() != null && !"canary".equalsIgnoreCase(update.strategy())) {
                throw ApiException.badRequest("An analysed rollout uses strategy canary, not '"
                        + Router.sanitize(update.strategy()) + "'");
            }
            // a rejected rollout (unknown version, ...) throws here and leaves a running analysis as it was
            RolloutStatus status = control.updateRollout(new RolloutUpdate("canary", canary,
                    Double.toString(plan.steps().get(0)), update.primaryVersion(), update.params()));
            Active previous = active.get();
            if (previous != null && !previous.analysis().status().finished()) {
                previous.analysis().abort("replaced by a new analysed rollout");
            }
            RolloutAnalysis analysis = RolloutAnalysis.start(plan, status.primaryVersion(), status.canaryVersion(), clock);
            activate(analysis);
            persist(analysis);
            LOG.info("Rollout analysis started: canary {} against primary {}, steps {}", status.canaryVersion(),
                    status.primaryVersion(), plan.steps());
            return view();
        }
    }

    private void activate(RolloutAnalysis analysis) {
        active.set(new Active(analysis, new RolloutObservations(ModelVersion.parse(analysis.primaryVersion()),
                ModelVersion.parse(analysis.canaryVersion()), maxUsers)));
    }

    /** Resumes a stored analysis at start-up and re-applies what it says should serve. */
    void resumeStored() throws IOException {
        var stored = store.load();
        if (stored.isEmpty()) {
            return;
        }
        AnalysisState s = stored.get();
        synchronized (lock) {
            RolloutAnalysis analysis = RolloutAnalysis.resume(s, clock);
            activate(analysis);
            if (s.status() == AnalysisStatus.ABORTED || !service.isReady()) {
                return;
            }
            RolloutStatus now = service.rolloutStatus();
            boolean stillCanary = "canary".equals(now.strategy()) && s.primaryVersion().equals(now.primaryVersion())
                    && s.canaryVersion().equals(now.canaryVersion());
            if (s.status().finished()) {
                // decided and stored, but the process stopped before the switch: make it now
                if (stillCanary) {
                    control.switchTo(s.status() == AnalysisStatus.PROMOTED ? s.canaryVersion() : s.primaryVersion());
                    LOG.info("Rollout analysis: re-applied its {} after a restart", s.status().key());
                }
                return;
            }
            boolean same = "canary".equals(now.strategy()) && s.primaryVersion().equals(now.primaryVersion())
                    && s.canaryVersion().equals(now.canaryVersion());
            if (!same && !(s.primaryVersion().equals(now.primaryVersion()) || s.canaryVersion().equals(now.primaryVersion()))) {
                analysis.abort("the serving state no longer names this rollout's versions at start-up");
                persist(analysis);
                LOG.warn("Stored rollout analysis of {} against {} not resumed: serving {} now", s.canaryVersion(),
                        s.primaryVersion(), now.primaryVersion());
                return;
            }
            if (!same || now.canaryPercentage() != s.weight()) {
                control.updateRollout(new RolloutUpdate("canary", s.canaryVersion(), Double.toString(s.weight()),
                        s.primaryVersion()));
            }
            LOG.info("Rollout analysis resumed: canary {} against {}, step {} ({}%), {}", s.canaryVersion(),
                    s.primaryVersion(), s.stepIndex() + 1, s.weight(), s.status().key());
        }
    }

    /** One scheduler tick: evaluates when due. Never throws (a failure is logged and retried next interval). */
    void tick() {
        try {
            Active a = active.get();
            if (a == null || a.analysis().status() != AnalysisStatus.RUNNING
                    || clock.instant().isBefore(a.analysis().nextEvaluationAt())) {
                return;
            }
            evaluate(a);
        } catch (RuntimeException e) {
            LOG.error("Rollout analysis evaluation failed: {}", e.toString());
        }
    }

    private void evaluate(Active a) {
        synchronized (lock) {
            if (active.get() != a || a.analysis().status() != AnalysisStatus.RUNNING) {
                return;
            }
            RolloutDecision d = a.analysis().evaluate(a.observations().snapshot());
            counters.get(d.action()).increment();
            // the decision is stored and logged before it is applied: a restart in between re-applies it
            persist(a.analysis());
            String primary = a.analysis().primaryVersion();
            String canary = a.analysis().canaryVersion();
            if (d.action() != RolloutDecision.Action.HOLD) {
                LOG.info("Rollout analysis: {} ({})", d.action().key(), d.reason());
                try {
                    decisions.append(d, primary, canary);
                } catch (IOException e) {
                    LOG.warn("Could not append the rollout decision to {}: {}", decisions.file(), e.toString());
                }
            }
            switch (d.action()) {
                case ADVANCE -> {
                    control.updateRollout(RolloutUpdate.of(null, null, Double.toString(d.nextWeight())));
                    a.observations().startStep();
                }
                case PROMOTE -> control.switchTo(canary);
                case ROLLBACK -> control.switchTo(primary);
                default -> { }
            }
        }
    }

    private void persist(RolloutAnalysis analysis) {
        try {
            store.save(analysis.state());
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not store the rollout analysis to {}: {}", store.file(), e.toString());
        }
    }

    /** Pauses the running analysis (operator). */
    AnalysisView pause() {
        synchronized (lock) {
            Active a = require();
            try {
                a.analysis().pause("paused by an operator");
            } catch (IllegalStateException e) {
                throw new ApiException(409, "conflict", e.getMessage());
            }
            persist(a.analysis());
            return view();
        }
    }

    /** Resumes a paused analysis: its step starts again. */
    AnalysisView resume() {
        synchronized (lock) {
            Active a = require();
            try {
                a.analysis().resume();
            } catch (IllegalStateException e) {
                throw new ApiException(409, "conflict", e.getMessage());
            }
            a.observations().startStep();
            persist(a.analysis());
            return view();
        }
    }

    /** Stops the analysis; the rollout keeps serving as it is. */
    AnalysisView abort(String reason) {
        synchronized (lock) {
            Active a = require();
            try {
                a.analysis().abort(reason);
            } catch (IllegalStateException e) {
                throw new ApiException(409, "conflict", e.getMessage());
            }
            persist(a.analysis());
            return view();
        }
    }

    /**
     * Applies an operator's change by hand; once it is in force a running or paused analysis stops
     * deciding (a rejected change leaves it running). Under the analysis's lock, so no evaluation can
     * apply a decision between the change and the abort.
     */
    <T> T operatorChange(String what, java.util.function.Supplier<T> change) {
        synchronized (lock) {
            T result = change.get();
            operatorTookOver(what);
            return result;
        }
    }

    private void operatorTookOver(String what) {
        synchronized (lock) {
            Active a = active.get();
            if (a != null && !a.analysis().status().finished()) {
                a.analysis().abort("aborted: an operator called " + what);
                persist(a.analysis());
                LOG.info("Rollout analysis aborted: an operator called {}", what);
            }
        }
    }

    private Active require() {
        Active a = active.get();
        if (a == null) {
            throw new ApiException(404, "not_found", "No rollout analysis has been started");
        }
        return a;
    }

    /** @return the current analysis for {@code /rollout/status}, or null when none was started */
    AnalysisView view() {
        Active a = active.get();
        if (a == null) {
            return null;
        }
        RolloutAnalysis an = a.analysis();
        AnalysisState s = an.state();
        RolloutDecision last = an.lastDecision();
        Instant next = s.status() == AnalysisStatus.RUNNING ? an.nextEvaluationAt() : null;
        return new AnalysisView(s.status().key(), s.statusReason(), s.primaryVersion(), s.canaryVersion(),
                s.stepIndex() + 1, s.plan().steps().size(), servedWeight(), s.stepStartedAt(), next, s.plan(),
                last, a.observations().trackedUsers());
    }

    /** {@code /rollout/status}'s {@code analysis} object. */
    record AnalysisView(String status, String reason, String primaryVersion, String canaryVersion, int step,
            int steps, double weight, Instant stepStartedAt, Instant nextEvaluationAt, RolloutPlan plan,
            RolloutDecision lastDecision, int trackedUsers) {
    }

    @Override
    public void close() {
        // let an evaluation in progress finish its fsync and its log line (an interrupt would abort both)
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
