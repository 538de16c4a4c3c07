package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetrainSchedulerTest {

    @Test
    void weekly_nextRunIsTheNextListedDayAtTheTimeUtc() {
        var s = RetrainScheduler.parse("MON,THU@05:30");
        // 2026-11-23 is a Monday.
        assertThat(s.next(Instant.parse("2026-11-23T05:00:00Z"))).isEqualTo(Instant.parse("2026-11-23T05:30:00Z"));
        assertThat(s.next(Instant.parse("2026-11-23T05:30:00Z"))).isEqualTo(Instant.parse("2026-11-26T05:30:00Z"));
        assertThat(s.next(Instant.parse("2026-11-27T00:00:00Z"))).isEqualTo(Instant.parse("2026-11-30T05:30:00Z"));
        assertThat(RetrainScheduler.parse("sun@23:59").next(Instant.parse("2026-11-23T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-29T23:59:00Z"));
    }

    @Test
    void every_nextRunIsOneIntervalLater() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(RetrainScheduler.parse("every 6h").next(t)).isEqualTo(t.plus(Duration.ofHours(6)));
        assertThat(RetrainScheduler.parse("every 30m").next(t)).isEqualTo(t.plusSeconds(1800));
        assertThat(RetrainScheduler.parse("every 1d").next(t)).isEqualTo(t.plus(Duration.ofDays(1)));
    }

    @Test
    void parse_rejectsMalformedSpecs() {
        assertThatThrownBy(() -> RetrainScheduler.parse("sometimes")).hasMessageContaining("MON,THU@05:30");
        assertThatThrownBy(() -> RetrainScheduler.parse("FUNDAY@05:30")).hasMessageContaining("Bad day");
        assertThatThrownBy(() -> RetrainScheduler.parse("MON@25:00")).hasMessageContaining("Bad time");
        assertThatThrownBy(() -> RetrainScheduler.parse("every 5s")).hasMessageContaining("Bad interval");
        assertThatThrownBy(() -> RetrainScheduler.parse("every 0m")).hasMessageContaining("Bad interval");
    }

    @Test
    void runNow_countsOutcomesAndRecordsLastSuccess() {
        var meters = new SimpleMeterRegistry();
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T05:30:00Z"), ZoneOffset.UTC);
        var calls = new int[1];
        try (var scheduler = new RetrainScheduler(RetrainScheduler.parse("every 1h"), () -> {
            if (calls[0]++ == 1) {
                throw new IllegalStateException("data source down");
            }
            return "published v0." + calls[0];
        }, meters, clock)) {
            assertThat(scheduler.runNow()).isTrue();
            assertThat(scheduler.runNow()).isFalse();
            assertThat(scheduler.runNow()).isTrue();
        }
        assertThat(meters.get("retrain.runs").tag("status", "success").counter().count()).isEqualTo(2.0);
        assertThat(meters.get("retrain.runs").tag("status", "failure").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("retrain.duration").timer().count()).isEqualTo(3);
        assertThat(meters.get("retrain.last.success.timestamp.seconds").gauge().value())
                .isEqualTo(Instant.parse("2026-11-23T05:30:00Z").getEpochSecond());
    }
}
