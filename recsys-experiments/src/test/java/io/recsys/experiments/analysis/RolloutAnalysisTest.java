package io.recsys.experiments.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.ModelVersion;
import io.recsys.experiments.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutAnalysisTest {
    private static final SimulatedTraffic.ArmModel GOOD = new SimulatedTraffic.ArmModel(0.0, 0.20, 20);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RolloutPlan plan = RolloutPlan.builder().steps(List.of(5.0, 25.0, 50.0, 100.0)).minUsersPerStep(40)
            .minStepDuration(Duration.ofMinutes(2)).interval(Duration.ofSeconds(30)).build();

    private RolloutObservations observations() {
        return new RolloutObservations(ModelVersion.parse("v0.1"), ModelVersion.parse("v0.2"), 100_000);
    }

    /** Runs until the analysis finishes or pauses; every interval 200 users. Returns the last decision. */
    private RolloutDecision drive(RolloutAnalysis a, RolloutObservations obs, SimulatedTraffic t, int maxIntervals) {
        RolloutDecision d = null;
        for (int i = 0; i < maxIntervals && a.status() == AnalysisStatus.RUNNING; i++) {
            t.run(obs, 200, a.weight());
            clock.advance(plan.interval());
            d = a.evaluate(obs.snapshot());
            if (d.action() == RolloutDecision.Action.ADVANCE) {
                obs.startStep();
            }
        }
        return d;
    }

    @Test
    void anEqualCanaryWalksEveryStepAndIsPromoted() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        var d = drive(a, obs, new SimulatedTraffic(1, 50_000, GOOD, GOOD), 500);
        assertThat(a.status()).isEqualTo(AnalysisStatus.PROMOTED);
        assertThat(d.action()).isEqualTo(RolloutDecision.Action.PROMOTE);
        assertThat(d.step()).isEqualTo(4);
        assertThat(d.nextWeight()).isEqualTo(100.0);
        assertThat(d.reason()).contains("every step passed");
    }

    @Test
    void aStepAdvancesOnlyAfterItsMinimumTimeAndUsers() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        var t = new SimulatedTraffic(2, 50_000, GOOD, GOOD);
        t.run(obs, 5_000, a.weight());
        clock.advance(Duration.ofSeconds(119));
        var early = a.evaluate(obs.snapshot());
        assertThat(early.action()).isEqualTo(RolloutDecision.Action.HOLD);
        assertThat(early.reason()).contains("time 119s/120s");
        clock.advance(Duration.ofSeconds(1));
        var due = a.evaluate(obs.snapshot());
        assertThat(due.action()).isEqualTo(RolloutDecision.Action.ADVANCE);
        assertThat(due.weight()).isEqualTo(5.0);
        assertThat(due.nextWeight()).isEqualTo(25.0);
        assertThat(a.weight()).isEqualTo(25.0);
        obs.startStep();
        clock.advance(Duration.ofMinutes(5));
        var noUsers = a.evaluate(obs.snapshot());
        assertThat(noUsers.action()).isEqualTo(RolloutDecision.Action.HOLD);
        assertThat(noUsers.reason()).contains("canary users 0/40");
    }

    @Test
    void aCanaryThatConvertsLessIsRolledBackWithItsEvidence() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        var d = drive(a, obs, new SimulatedTraffic(3, 50_000, GOOD, new SimulatedTraffic.ArmModel(0.0, 0.02, 20)), 500);
        assertThat(a.status()).isEqualTo(AnalysisStatus.ROLLED_BACK);
        assertThat(d.action()).isEqualTo(RolloutDecision.Action.ROLLBACK);
        assertThat(d.nextWeight()).isZero();
        CheckResult conversion = d.checks().get(2);
        assertThat(conversion.check()).isEqualTo(CheckName.CONVERSION);
        assertThat(conversion.outcome()).isEqualTo(CheckResult.Outcome.CANARY_WORSE);
        assertThat(conversion.pValue()).isLessThan(plan.alphaPerCheck());
        assertThat(conversion.canaryEstimate()).isLessThan(conversion.primaryEstimate());
        assertThat(d.reason()).contains("conversion: canary").contains("p=");
        assertThat(d.checks().get(0).outcome()).isNotEqualTo(CheckResult.Outcome.CANARY_WORSE);
    }

    @Test
    void aCanaryWithMoreErrorsIsRolledBackOnTheErrorCheck() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        var d = drive(a, obs, new SimulatedTraffic(4, 50_000, GOOD, new SimulatedTraffic.ArmModel(0.2, 0.20, 20)), 500);
        assertThat(d.action()).isEqualTo(RolloutDecision.Action.ROLLBACK);
        assertThat(d.checks().get(0).outcome()).isEqualTo(CheckResult.Outcome.CANARY_WORSE);
        assertThat(d.reason()).contains("error_rate");
    }

    @Test
    void aSlowerCanaryIsRolledBackOnTheLatencyCheck() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        var d = drive(a, obs, new SimulatedTraffic(5, 50_000, GOOD, new SimulatedTraffic.ArmModel(0.0, 0.20, 60)), 500);
        assertThat(d.action()).isEqualTo(RolloutDecision.Action.ROLLBACK);
        CheckResult latency = d.checks().get(1);
        assertThat(latency.outcome()).isEqualTo(CheckResult.Outcome.CANARY_WORSE);
        assertThat(latency.canaryEstimate()).isGreaterThan(latency.primaryEstimate());
    }

    @Test
    void aSlowerCanaryBelowTheLatencyFloorIsNotRolledBack() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        // 0.02 ms against 0.01 ms: real, but far below the 5 ms floor
        var d = drive(a, obs, new SimulatedTraffic(10, 50_000, new SimulatedTraffic.ArmModel(0.0, 0.20, 0.01),
                new SimulatedTraffic.ArmModel(0.0, 0.20, 0.02)), 500);
        assertThat(a.status()).isEqualTo(AnalysisStatus.PROMOTED);
        assertThat(d.checks().get(1).canaryEstimate()).isGreaterThan(d.checks().get(1).primaryEstimate());
    }

    @Test
    void aBetterCanaryIsNotRolledBack() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        var d = drive(a, obs, new SimulatedTraffic(6, 50_000, new SimulatedTraffic.ArmModel(0.0, 0.05, 20), GOOD), 500);
        assertThat(a.status()).isEqualTo(AnalysisStatus.PROMOTED);
        assertThat(d.checks().get(2).outcome()).isIn(CheckResult.Outcome.CANARY_BETTER, CheckResult.Outcome.NO_DIFFERENCE);
    }

    @Test
    void aSampleRatioMismatchPausesAndResumeRestartsTheStep() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        // routed at 50% while the step says 5%: the users do not match the weight
        new SimulatedTraffic(7, 50_000, GOOD, GOOD).run(obs, 2_000, 50.0);
        clock.advance(Duration.ofMinutes(3));
        var d = a.evaluate(obs.snapshot());
        assertThat(d.action()).isEqualTo(RolloutDecision.Action.PAUSE);
        assertThat(d.srm().mismatch()).isTrue();
        assertThat(d.reason()).contains("sample ratio mismatch");
        assertThat(a.status()).isEqualTo(AnalysisStatus.PAUSED);
        assertThat(a.evaluate(obs.snapshot()).action()).isEqualTo(RolloutDecision.Action.HOLD);
        clock.advance(Duration.ofSeconds(10));
        a.resume();
        obs.startStep();
        assertThat(a.status()).isEqualTo(AnalysisStatus.RUNNING);
        var after = a.evaluate(obs.snapshot());
        assertThat(after.action()).isEqualTo(RolloutDecision.Action.HOLD);
        assertThat(after.reason()).contains("canary users 0/40").contains("time 0s/120s");
    }

    @Test
    void pauseResumeAndAbortFollowTheStatus() {
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        assertThatThrownBy(a::resume).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
        a.pause("operator");
        assertThatThrownBy(() -> a.pause("again")).isInstanceOf(IllegalStateException.class);
        a.resume();
        a.abort("operator");
        assertThat(a.status()).isEqualTo(AnalysisStatus.ABORTED);
        assertThatThrownBy(() -> a.abort("again")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already finished");
    }

    @Test
    void aResumedAnalysisKeepsItsStepClockAndEvidence() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        var t = new SimulatedTraffic(8, 50_000, GOOD, GOOD);
        t.run(obs, 1_500, 5.0);
        clock.advance(Duration.ofSeconds(60));
        var before = a.evaluate(obs.snapshot());
        AnalysisState stored = a.state();
        clock.advance(Duration.ofSeconds(30));
        var resumed = RolloutAnalysis.resume(stored, clock);
        assertThat(resumed.stepIndex()).isEqualTo(0);
        var fresh = observations();
        var d = resumed.evaluate(fresh.snapshot());
        assertThat(d.reason()).contains("time 90s/120s");
        // no new data yet: the carried users and evidence are what the old process had
        assertThat(d.srm().canaryUsers()).isEqualTo(before.srm().canaryUsers());
        assertThat(d.checks().get(2).logLikelihoodRatio()).isEqualTo(before.checks().get(2).logLikelihoodRatio());
        assertThat(d.checks().get(2).pValue()).isEqualTo(before.checks().get(2).pValue());
    }

    @Test
    void aCheckNeedsItsMinimumSamples() {
        var obs = observations();
        var a = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
        new SimulatedTraffic(9, 50_000, GOOD, GOOD).run(obs, 100, 5.0);
        var d = a.evaluate(obs.snapshot());
        assertThat(d.checks()).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(CheckResult.Outcome.NOT_ENOUGH_DATA));
    }

    @Test
    void badPlansAreRejectedByName() {
        assertThatThrownBy(() -> RolloutPlan.builder().steps(List.of(10.0, 5.0)).build())
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> RolloutPlan.builder().steps(List.of(5.0, 101.0)).build())
                .hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> RolloutPlan.builder().alpha(0.0).build()).hasMessageContaining("alpha");
        assertThatThrownBy(() -> RolloutPlan.builder().interval(Duration.ZERO).build()).hasMessageContaining("interval");
        assertThatThrownBy(() -> RolloutPlan.builder().minUsersPerStep(-1).build()).hasMessageContaining("min users");
    }
}
