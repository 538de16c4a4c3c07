package io.recsys.experiments.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.ModelVersion;
import io.recsys.experiments.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A/A: the canary is a copy of the primary. Over many simulated rollouts, each evaluated every
 * interval through every step, the share rolled back must stay at or below the plan's alpha.
 * Run alone to read the figures: {@code ./mvnw -B -o -q -pl recsys-experiments -am verify
 * -Dtest=RolloutAaSimulationTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RolloutAaSimulationTest {
    static final int RUNS = 400;

    @Test
    void falseRollbackRateStaysAtOrBelowAlphaWhenCheckedEveryInterval() {
        RolloutPlan plan = RolloutPlan.builder().steps(List.of(5.0, 10.0, 25.0, 50.0, 100.0)).minUsersPerStep(50)
                .minStepDuration(Duration.ofMinutes(2)).interval(Duration.ofSeconds(10)).alpha(0.05).build();
        var arm = new SimulatedTraffic.ArmModel(0.01, 0.10, 20);
        int rollbacks = 0;
        int pauses = 0;
        int promotions = 0;
        long looks = 0;
        for (int run = 0; run < RUNS; run++) {
            var clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            var obs = new RolloutObservations(ModelVersion.parse("v0.1"), ModelVersion.parse("v0.2"), 100_000);
            var analysis = RolloutAnalysis.start(plan, "v0.1", "v0.2", clock);
            var traffic = new SimulatedTraffic(1_000L + run, 20_000, arm, arm);
            for (int i = 0; i < 2_000 && analysis.status() == AnalysisStatus.RUNNING; i++) {
                traffic.run(obs, 100, analysis.weight());
                clock.advance(plan.interval());
                var d = analysis.evaluate(obs.snapshot());
                looks++;
                if (d.action() == RolloutDecision.Action.ADVANCE) {
                    obs.startStep();
                }
            }
            switch (analysis.status()) {
                case ROLLED_BACK -> rollbacks++;
                case PAUSED -> pauses++;
                case PROMOTED -> promotions++;
                default -> { }
            }
        }
        double rate = (double) rollbacks / RUNS;
        System.out.printf(Locale.ROOT, "A/A over %d rollouts (%d evaluations, %.1f per rollout): false rollbacks %d"
                + " (%.4f, alpha %.2f), SRM pauses %d, promotions %d%n", RUNS, looks, (double) looks / RUNS, rollbacks,
                rate, plan.alpha(), pauses, promotions);
        assertThat(rate).isLessThanOrEqualTo(plan.alpha());
        assertThat(promotions + rollbacks + pauses).isEqualTo(RUNS);
    }
}
