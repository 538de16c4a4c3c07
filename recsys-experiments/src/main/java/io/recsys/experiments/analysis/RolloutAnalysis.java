package io.recsys.experiments.analysis;

import io.recsys.experiments.stats.SampleRatioMismatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The judge and step machine of an analysed canary. Every {@link RolloutPlan#interval() interval}
 * the caller hands it an {@link Observation} of both arms; it answers with a {@link RolloutDecision}:
 *
 * <ol>
 *   <li><b>pause</b> when the current step's users do not match its weight (sample ratio mismatch,
 *       chi-square p below the plan's threshold): the data is not valid, so nothing is decided on it;</li>
 *   <li><b>roll back</b> when any check finds the canary significantly worse;</li>
 *   <li><b>advance</b> (or <b>promote</b> after the last step) once the step has lasted its minimum
 *       time and each arm has its minimum users in the step;</li>
 *   <li>else <b>hold</b>.</li>
 * </ol>
 *
 * <p><b>Checks.</b> Three comparisons of canary against primary (error rate per request, share of
 * requests above the pooled p95 latency, converting users per exposed user), each a two-proportion
 * mixture SPRT ({@link io.recsys.experiments.stats.MixtureSprt}, Johari et al. 2022; here with the pooled
 * variance, {@link PooledMixtureSprt}) at level {@code alpha / 3}. Its evidence is
 * cumulative since the analysis started, across steps, so looking every interval does not inflate
 * the false-rollback rate: by Ville's inequality an equal canary is rolled back with probability at
 * most {@code alpha} in total, however many evaluations there are (the tests are two-sided, a
 * rollback needs the harmful side, so the bound is conservative).
 *
 * <p>Pure logic: no threads, no I/O; time comes from the injected {@link Clock}. Applying a
 * decision (swapping the rollout, then {@link RolloutObservations#startStep()} after an advance) is
 * the caller's job. Thread-safe (every method is synchronised; evaluations are rare).
 */
public final class RolloutAnalysis {
    /** The least events (errors, slow requests, conversions) the higher arm needs before a check can decide. */
    public static final int MIN_EVENTS = 10;
    private final RolloutPlan plan;
    private final String primaryVersion;
    private final String canaryVersion;
    private final Clock clock;
    private final double tauSquared;
    private final Instant startedAt;
    private final Map<CheckName, Double> carriedLogLr = new EnumMap<>(CheckName.class);
    private final Map<CheckName, Double> segmentLogLr = new EnumMap<>(CheckName.class);
    private final Map<CheckName, Double> minPValue = new EnumMap<>(CheckName.class);
    private final long[] carriedStepUsers = new long[2];
    private final long[] lastStepUsers = new long[2];
    private AnalysisStatus status;
    private String statusReason;
    private int stepIndex;
    private Instant stepStartedAt;
    private Instant lastEvaluatedAt;
    private RolloutDecision lastDecision;

    private RolloutAnalysis(AnalysisState s, Clock clock) {
        this.plan = s.plan();
        this.primaryVersion = s.primaryVersion();
        this.canaryVersion = s.canaryVersion();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tauSquared = plan.tau() * plan.tau();
        this.startedAt = s.startedAt();
        this.status = s.status();
        this.statusReason = s.statusReason();
        this.stepIndex = s.stepIndex();
        this.stepStartedAt = s.stepStartedAt();
        for (CheckName c : CheckName.values()) {
            // a resumed analysis starts a new segment: what the old one had is carried
            carriedLogLr.put(c, s.carriedLogLr().getOrDefault(c.key(), 0.0) + s.segmentLogLr().getOrDefault(c.key(), 0.0));
            segmentLogLr.put(c, 0.0);
            minPValue.put(c, s.minPValue().getOrDefault(c.key(), 1.0));
        }
        carriedStepUsers[0] = s.carriedStepUsers().getOrDefault("primary", 0L);
        carriedStepUsers[1] = s.carriedStepUsers().getOrDefault("canary", 0L);
        lastStepUsers[0] = carriedStepUsers[0];
        lastStepUsers[1] = carriedStepUsers[1];
    }

    /**
     * Starts an analysis at the plan's first step.
     *
     * @param plan the plan
     * @param primaryVersion the primary version
     * @param canaryVersion the canary version
     * @param clock the time source
     * @return the running analysis
     */
    public static RolloutAnalysis start(RolloutPlan plan, String primaryVersion, String canaryVersion, Clock clock) {
        Instant now = clock.instant();
        return new RolloutAnalysis(new AnalysisState(plan, primaryVersion, canaryVersion, AnalysisStatus.RUNNING, 0,
                now, now, null, null, null, null, "started"), clock);
    }

    /**
     * Resumes an analysis from a stored state (after a restart). Its in-memory counts start again
     * from zero; the stored evidence is carried (see {@link AnalysisState}).
     *
     * @param state the stored state
     * @param clock the time source
     * @return the analysis, in the stored status and step
     */
    public static RolloutAnalysis resume(AnalysisState state, Clock clock) {
        return new RolloutAnalysis(state, clock);
    }

    /**
     * Evaluates the analysis on the arms' counts since it (or this process) started. Does nothing
     * but report when the analysis is not running.
     *
     * @param obs both arms' counts
     * @return the decision, with its evidence
     */
    public synchronized RolloutDecision evaluate(Observation obs) {
        Objects.requireNonNull(obs, "obs");
        Instant now = clock.instant();
        lastEvaluatedAt = now;
        double weight = weight();
        List<CheckResult> checks = checks(obs);
        long primaryUsers = carriedStepUsers[0] + obs.primary().stepUsers();
        long canaryUsers = carriedStepUsers[1] + obs.canary().stepUsers();
        lastStepUsers[0] = primaryUsers;
        lastStepUsers[1] = canaryUsers;
        SrmEvidence srm = srm(primaryUsers, canaryUsers, weight / 100.0);
        if (status != AnalysisStatus.RUNNING) {
            return remember(new RolloutDecision(RolloutDecision.Action.HOLD, now, stepIndex + 1, weight, weight,
                    "analysis is " + status.key() + ": " + statusReason, checks, srm));
        }
        if (srm.mismatch()) {
            String why = String.format(Locale.ROOT, "sample ratio mismatch in step %d (%s%%): %d canary and %d primary"
                    + " users against a %s%% weight, p=%.3g < %.3g; the data is not valid, resume after fixing"
                    + " assignment or logging", stepIndex + 1, pct(weight), canaryUsers, primaryUsers, pct(weight),
                    srm.pValue(), srm.threshold());
            return finish(AnalysisStatus.PAUSED, RolloutDecision.Action.PAUSE, now, weight, weight, why, checks, srm);
        }
        List<String> worse = new ArrayList<>();
        for (CheckResult c : checks) {
            if (c.outcome() == CheckResult.Outcome.CANARY_WORSE) {
                worse.add(c.explain());
            }
        }
        if (!worse.isEmpty()) {
            String why = "canary " + canaryVersion + " is worse than primary " + primaryVersion + " in step "
                    + (stepIndex + 1) + " (" + pct(weight) + "%): " + String.join("; ", worse);
            return finish(AnalysisStatus.ROLLED_BACK, RolloutDecision.Action.ROLLBACK, now, weight, 0.0, why, checks, srm);
        }
        Duration elapsed = Duration.between(stepStartedAt, now);
        boolean timeOk = elapsed.compareTo(plan.minStepDuration()) >= 0;
        boolean canaryOk = canaryUsers >= plan.minUsersPerStep();
        boolean primaryOk = weight >= 100.0 || primaryUsers >= plan.minUsersPerStep();
        if (timeOk && canaryOk && primaryOk) {
            if (stepIndex == plan.steps().size() - 1) {
                String why = "every step passed (" + plan.steps().size() + " steps, last " + pct(weight)
                        + "%) with no check finding the canary worse: " + canaryVersion + " becomes the fixed version";
                return finish(AnalysisStatus.PROMOTED, RolloutDecision.Action.PROMOTE, now, weight, 100.0, why, checks, srm);
            }
            double next = plan.steps().get(stepIndex + 1);
            String why = String.format(Locale.ROOT, "step %d (%s%%) passed: %d canary and %d primary users in %ds, no"
                    + " check found the canary worse; advancing to %s%%", stepIndex + 1, pct(weight), canaryUsers,
                    primaryUsers, elapsed.toSeconds(), pct(next));
            stepIndex++;
            stepStartedAt = now;
            carriedStepUsers[0] = 0;
            carriedStepUsers[1] = 0;
            lastStepUsers[0] = 0;
            lastStepUsers[1] = 0;
            statusReason = why;
            return remember(new RolloutDecision(RolloutDecision.Action.ADVANCE, now, stepIndex, weight, next, why,
                    checks, srm));
        }
        String why = String.format(Locale.ROOT, "step %d (%s%%) waiting: canary users %d/%d, primary users %d/%s,"
                + " time %ds/%ds", stepIndex + 1, pct(weight), canaryUsers, plan.minUsersPerStep(), primaryUsers,
                weight >= 100.0 ? "-" : Long.toString(plan.minUsersPerStep()), elapsed.toSeconds(),
                plan.minStepDuration().toSeconds());
        return remember(new RolloutDecision(RolloutDecision.Action.HOLD, now, stepIndex + 1, weight, weight, why,
                checks, srm));
    }

    private RolloutDecision finish(AnalysisStatus next, RolloutDecision.Action action, Instant now, double weight,
            double nextWeight, String why, List<CheckResult> checks, SrmEvidence srm) {
        status = next;
        statusReason = why;
        return remember(new RolloutDecision(action, now, stepIndex + 1, weight, nextWeight, why, checks, srm));
    }

    private RolloutDecision remember(RolloutDecision d) {
        lastDecision = d;
        return d;
    }

    private List<CheckResult> checks(Observation obs) {
        ArmObservation p = obs.primary();
        ArmObservation c = obs.canary();
        var out = new ArrayList<CheckResult>(3);
        out.add(check(CheckName.ERROR_RATE, p.errors(), p.requests(), c.errors(), c.requests(),
                rate(p.errors(), p.requests()), rate(c.errors(), c.requests())));
        long[] ph = p.latencyBuckets();
        long[] ch = c.latencyBuckets();
        long[] pooled = new long[ph.length];
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = ph[i] + ch[i];
        }
        int p95 = LatencyHistogram.quantileBucket(pooled, 0.95);
        if (p95 >= 0 && plan.latencyFloorMs() > 0.0) {
            p95 = Math.max(p95, LatencyHistogram.bucketOf(plan.latencyFloorMs()));
        }
        long pn = total(ph);
        long cn = total(ch);
        out.add(check(CheckName.LATENCY_P95, p95 < 0 ? 0 : LatencyHistogram.countAbove(ph, p95), pn,
                p95 < 0 ? 0 : LatencyHistogram.countAbove(ch, p95), cn, LatencyHistogram.quantile(ph, 0.95),
                LatencyHistogram.quantile(ch, 0.95)));
        out.add(check(CheckName.CONVERSION, p.convertedUsers(), p.exposedUsers(), c.convertedUsers(), c.exposedUsers(),
                rate(p.convertedUsers(), p.exposedUsers()), rate(c.convertedUsers(), c.exposedUsers())));
        return out;
    }

    private CheckResult check(CheckName name, long ps, long pn, long cs, long cn, double pEst, double cEst) {
        double alpha = plan.alphaPerCheck();
        double carried = carriedLogLr.get(name);
        if (pn < plan.minSamples() || cn < plan.minSamples()) {
            double total = carried + segmentLogLr.get(name);
            return new CheckResult(name, alpha, ps, pn, cs, cn, pEst, cEst, Double.NaN, total, minPValue.get(name),
                    CheckResult.Outcome.NOT_ENOUGH_DATA);
        }
        double logLr = PooledMixtureSprt.logLikelihoodRatio(ps, pn, cs, cn, tauSquared);
        double delta = (double) cs / cn - (double) ps / pn;
        segmentLogLr.put(name, logLr);
        double total = carried + logLr;
        double p = Math.min(minPValue.get(name), Math.min(1.0, Math.exp(-total)));
        minPValue.put(name, p);
        CheckResult.Outcome outcome = CheckResult.Outcome.NO_DIFFERENCE;
        // the normal approximation is poor for rare events: a verdict needs MIN_EVENTS on the higher side
        long higherEvents = delta > 0.0 ? cs : ps;
        if (Math.exp(-total) < alpha && delta != 0.0 && higherEvents >= MIN_EVENTS) {
            boolean canaryHigher = delta > 0.0;
            outcome = canaryHigher == name.higherIsWorse() ? CheckResult.Outcome.CANARY_WORSE
                    : CheckResult.Outcome.CANARY_BETTER;
        }
        return new CheckResult(name, alpha, ps, pn, cs, cn, pEst, cEst, delta, total, p, outcome);
    }

    private SrmEvidence srm(long primaryUsers, long canaryUsers, double share) {
        double n = primaryUsers + canaryUsers;
        if (share <= 0.0 || share >= 1.0 || n * share < 5.0 || n * (1.0 - share) < 5.0) {
            return new SrmEvidence(primaryUsers, canaryUsers, share, 1.0, plan.srmThreshold(), false, false);
        }
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(new long[] {primaryUsers, canaryUsers},
                new double[] {1.0 - share, share}, plan.srmThreshold());
        return new SrmEvidence(primaryUsers, canaryUsers, share, r.pValue(), plan.srmThreshold(), r.mismatch(), true);
    }

    private static double rate(long s, long n) {
        return n == 0 ? Double.NaN : (double) s / n;
    }

    private static long total(long[] h) {
        long n = 0;
        for (long v : h) {
            n += v;
        }
        return n;
    }

    private static String pct(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
    }

    /**
     * Pauses a running analysis: it is evaluated for display but decides nothing until resumed.
     *
     * @param reason why (shown in the status)
     * @throws IllegalStateException when the analysis is not running
     */
    public synchronized void pause(String reason) {
        if (status != AnalysisStatus.RUNNING) {
            throw new IllegalStateException("Only a running analysis can be paused; it is " + status.key());
        }
        status = AnalysisStatus.PAUSED;
        statusReason = reason;
    }

    /**
     * Resumes a paused analysis. The current step starts again (its clock and its user counts), so
     * the caller must also call {@link RolloutObservations#startStep()}; the tests' evidence is kept.
     *
     * @throws IllegalStateException when the analysis is not paused
     */
    public synchronized void resume() {
        if (status != AnalysisStatus.PAUSED) {
            throw new IllegalStateException("Only a paused analysis can be resumed; it is " + status.key());
        }
        status = AnalysisStatus.RUNNING;
        statusReason = "resumed";
        stepStartedAt = clock.instant();
        carriedStepUsers[0] = 0;
        carriedStepUsers[1] = 0;
        lastStepUsers[0] = 0;
        lastStepUsers[1] = 0;
    }

    /**
     * Stops the analysis for good; what serves is left as it is.
     *
     * @param reason why (shown in the status)
     * @throws IllegalStateException when the analysis has already finished
     */
    public synchronized void abort(String reason) {
        if (status.finished()) {
            throw new IllegalStateException("The analysis has already finished: " + status.key());
        }
        status = AnalysisStatus.ABORTED;
        statusReason = reason;
    }

    /** @return the plan */
    public RolloutPlan plan() {
        return plan;
    }

    /** @return the primary version */
    public String primaryVersion() {
        return primaryVersion;
    }

    /** @return the canary version */
    public String canaryVersion() {
        return canaryVersion;
    }

    /** @return the status */
    public synchronized AnalysisStatus status() {
        return status;
    }

    /** @return the 0-based current step */
    public synchronized int stepIndex() {
        return stepIndex;
    }

    /** @return the current step's canary percentage */
    public synchronized double weight() {
        return plan.steps().get(stepIndex);
    }

    /** @return the last decision, or null before the first evaluation */
    public synchronized RolloutDecision lastDecision() {
        return lastDecision;
    }

    /** @return when the next evaluation is due (the last one, or the start, plus the interval) */
    public synchronized Instant nextEvaluationAt() {
        return (lastEvaluatedAt == null ? startedAt : lastEvaluatedAt).plus(plan.interval());
    }

    /** @return the state to store, from which {@link #resume} continues */
    public synchronized AnalysisState state() {
        var carried = new LinkedHashMap<String, Double>();
        var segment = new LinkedHashMap<String, Double>();
        var minP = new LinkedHashMap<String, Double>();
        for (CheckName c : CheckName.values()) {
            carried.put(c.key(), carriedLogLr.get(c));
            segment.put(c.key(), segmentLogLr.get(c));
            minP.put(c.key(), minPValue.get(c));
        }
        return new AnalysisState(plan, primaryVersion, canaryVersion, status, stepIndex, startedAt, stepStartedAt,
                carried, segment, minP, Map.of("primary", lastStepUsers[0], "canary", lastStepUsers[1]), statusReason);
    }
}
