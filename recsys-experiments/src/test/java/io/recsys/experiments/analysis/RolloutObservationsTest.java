package io.recsys.experiments.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import org.junit.jupiter.api.Test;

class RolloutObservationsTest {
    private final RolloutObservations obs = new RolloutObservations(ModelVersion.parse("v0.1"), ModelVersion.parse("v0.2"), 3);

    private static PredictionRecord record(long user, String version, boolean ok, boolean shadow) {
        return PredictionRecord.builder("r" + user, ModelInfo.of("als", version, "abc", "snap", null)).userId(user)
                .k(10).variant("x").latencyNanos(2_000_000).outcome(ok ? Outcome.SERVED : Outcome.MODEL_ERROR)
                .shadow(shadow).build();
    }

    @Test
    void requestsCountForTheArmWhoseVersionScoredThem() {
        obs.accept(record(1, "v0.1", true, false));
        obs.accept(record(1, "v0.1", false, false));
        obs.accept(record(2, "v0.2", true, false));
        obs.accept(record(2, "v0.2", true, true));   // shadow: not served
        obs.accept(record(3, "v0.9", true, false));  // another version
        Observation s = obs.snapshot();
        assertThat(s.primary().requests()).isEqualTo(2);
        assertThat(s.primary().errors()).isEqualTo(1);
        assertThat(s.primary().exposedUsers()).isEqualTo(1);
        assertThat(s.canary().requests()).isEqualTo(1);
        assertThat(s.canary().exposedUsers()).isEqualTo(1);
        assertThat(LatencyHistogram.quantile(s.primary().latencyBuckets(), 0.5)).isBetween(2.0, 2.2);
    }

    @Test
    void aConversionCountsOncePerUserForTheArmThatServedLast() {
        obs.accept(record(1, "v0.1", true, false));
        obs.onEvent(UserEvent.of(null, 1, 7, UserEventType.CONVERT, 0));
        obs.onEvent(UserEvent.of(null, 1, 8, UserEventType.CONVERT, 0));
        obs.onEvent(UserEvent.of(null, 1, 8, UserEventType.CLICK, 0));
        obs.onEvent(UserEvent.of(null, 99, 8, UserEventType.CONVERT, 0)); // never served
        obs.accept(record(1, "v0.2", true, false));
        obs.onEvent(UserEvent.of(null, 1, 9, UserEventType.CONVERT, 0));
        Observation s = obs.snapshot();
        assertThat(s.primary().convertedUsers()).isEqualTo(1);
        assertThat(s.canary().convertedUsers()).isEqualTo(1);
    }

    @Test
    void stepUsersStartAgainAtEachStep() {
        obs.accept(record(1, "v0.1", true, false));
        obs.accept(record(1, "v0.1", true, false));
        assertThat(obs.snapshot().primary().stepUsers()).isEqualTo(1);
        obs.startStep();
        assertThat(obs.snapshot().primary().stepUsers()).isZero();
        obs.accept(record(1, "v0.1", true, false));
        assertThat(obs.snapshot().primary().stepUsers()).isEqualTo(1);
        assertThat(obs.snapshot().primary().exposedUsers()).isEqualTo(1);
    }

    @Test
    void theUserTableIsBoundedAndOverflowIsCounted() {
        for (long u = 1; u <= 5; u++) {
            obs.accept(record(u, "v0.1", true, false));
        }
        assertThat(obs.trackedUsers()).isEqualTo(3);
        assertThat(obs.snapshot().untrackedUsers()).isEqualTo(2);
        assertThat(obs.snapshot().primary().requests()).isEqualTo(5);
    }

    @Test
    void sameVersionsAreRejected() {
        assertThatThrownBy(() -> new RolloutObservations(ModelVersion.parse("v0.1"), ModelVersion.parse("v0.1"), 10))
                .hasMessageContaining("same version");
    }

    @Test
    void latencyHistogramQuantilesAreWithinOneBucket() {
        var h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i);
        }
        h.record(Double.NaN);
        h.record(-1);
        double p95 = LatencyHistogram.quantile(h.snapshot(), 0.95);
        assertThat(p95).isBetween(950.0, 950.0 * 1.07);
        assertThat(LatencyHistogram.quantile(new long[LatencyHistogram.BUCKETS], 0.95)).isNaN();
    }
}
