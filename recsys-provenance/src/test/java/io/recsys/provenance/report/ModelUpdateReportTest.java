package io.recsys.provenance.report;

import io.recsys.core.serving.SwitchEvent;
import io.recsys.provenance.Json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelUpdateReportTest {

    private static SwitchEvent ev(String ts, String from, String to, String status) {
        return new SwitchEvent(Instant.parse(ts), from, to, status, "");
    }

    private static final List<SwitchEvent> SEED = List.of(
            ev("2025-11-17T09:15:42Z", "v0.2", "v0.3", "success"),
            ev("2025-11-13T10:30:15Z", "v0.2", "v0.3", "success"),
            ev("2025-11-15T14:22:03Z", "v0.3", "v0.2", "success"));

    @Test
    void seedExample_hasThreeUpdatesInTheBestWindowAndPasses() {
        ModelUpdateReport r = ModelUpdateReport.compute(SEED, Duration.ofDays(7));
        assertThat(r.totalSwitches()).isEqualTo(3);
        assertThat(r.totalUpdates()).isEqualTo(3);
        assertThat(r.bestWindowStart()).isEqualTo(Instant.parse("2025-11-13T10:30:15Z"));
        assertThat(r.bestWindowEnd()).isEqualTo(Instant.parse("2025-11-20T10:30:15Z"));
        assertThat(r.bestWindowUpdates()).isEqualTo(3);
        assertThat(r.passed()).isTrue();
        assertThat(r.toText()).contains("MODEL UPDATE VERIFICATION REPORT",
                "All Model Switches:\n"
                        + "  1. [2025-11-13T10:30:15Z] v0.2 → v0.3\n"
                        + "  2. [2025-11-15T14:22:03Z] v0.3 → v0.2\n"
                        + "  3. [2025-11-17T09:15:42Z] v0.2 → v0.3\n",
                "Best 7-Day Window:\n  Window:    2025-11-13T10:30:15Z to 2025-11-20T10:30:15Z\n  Switches:  3 updates",
                "Requirement Check:\n  Required:  ≥2 updates within 7 days\n  Actual:    3 updates\n  Status:    PASS",
                "The system meets the model update requirement!");
    }

    @Test
    void failedFirstAndNoOpSwitches_areListedButNotCounted() {
        ModelUpdateReport r = ModelUpdateReport.compute(List.of(
                ev("2025-11-01T00:00:00Z", null, "v0.1", "success"),
                ev("2025-11-02T00:00:00Z", "v0.1", "v0.2", "failure"),
                ev("2025-11-03T00:00:00Z", "v0.1", "v0.1", "success"),
                ev("2025-11-04T00:00:00Z", "v0.1", "v0.2", "ok")));
        assertThat(r.totalSwitches()).isEqualTo(4);
        assertThat(r.totalUpdates()).isEqualTo(1);
        assertThat(r.switches()).extracting(ModelUpdateReport.Entry::countsAsUpdate).containsExactly(false, false, false, true);
        assertThat(r.status()).isEqualTo("FAIL");
        assertThat(r.toText()).contains("2. [2025-11-02T00:00:00Z] v0.1 → v0.2  (failure, not an update)",
                "1. [2025-11-01T00:00:00Z] (none) → v0.1", "Status:    FAIL", "does NOT meet");
    }

    @Test
    void windowIsHalfOpen_anUpdateExactlySevenDaysLaterFallsOutside() {
        ModelUpdateReport r = ModelUpdateReport.compute(List.of(
                ev("2025-11-01T00:00:00Z", "v0.1", "v0.2", "success"),
                ev("2025-11-08T00:00:00Z", "v0.2", "v0.3", "success"),
                ev("2025-11-14T23:59:59Z", "v0.3", "v0.4", "success")));
        assertThat(r.bestWindowUpdates()).isEqualTo(2);
        assertThat(r.bestWindowStart()).isEqualTo(Instant.parse("2025-11-08T00:00:00Z"));
        assertThat(r.bestWindowSwitches()).extracting(ModelUpdateReport.Entry::toVersion).containsExactly("v0.3", "v0.4");

        ModelUpdateReport apart = ModelUpdateReport.compute(List.of(
                ev("2025-11-01T00:00:00Z", "v0.1", "v0.2", "success"),
                ev("2025-11-08T00:00:00Z", "v0.2", "v0.3", "success")));
        assertThat(apart.bestWindowUpdates()).isEqualTo(1);
        assertThat(apart.passed()).isFalse();
    }

    @Test
    void noEvents_isADefinedFailure() throws Exception {
        ModelUpdateReport r = ModelUpdateReport.compute(List.of());
        assertThat(r.bestWindowStart()).isNull();
        assertThat(r.bestWindowUpdates()).isZero();
        assertThat(r.status()).isEqualTo("FAIL");
        assertThat(r.toText()).contains("(none)", "Window:    n/a");
        JsonNode json = Json.MAPPER.readTree(r.toJson());
        assertThat(json.get("best_window_start").isNull()).isTrue();
        assertThat(json.get("window_days").asDouble()).isEqualTo(7.0);
        assertThat(json.get("passed").asBoolean()).isFalse();
    }

    @Test
    void switchEventLog_appendsAndReadsBack_skippingMalformedLines(@TempDir Path temp) throws Exception {
        var log = new SwitchEventLog(temp.resolve("state/switches.jsonl"));
        assertThat(log.read().events()).isEmpty();
        for (SwitchEvent e : SEED) {
            log.append(e);
        }
        log.append(ev("2025-11-18T00:00:00Z", null, "v0.9", "failure"));
        Files.writeString(log.file(), "oops\n{\"timestamp\":\"yesterday\",\"to_version\":\"v1\",\"status\":\"success\"}\n",
                StandardOpenOption.APPEND);
        assertThat(Files.readAllLines(log.file()).get(0))
                .isEqualTo("{\"timestamp\":\"2025-11-17T09:15:42Z\",\"from_version\":\"v0.2\",\"to_version\":\"v0.3\",\"status\":\"success\"}");

        SwitchEventLog.Contents c = log.read();
        assertThat(c.events()).hasSize(4).contains(SEED.get(0)).contains(ev("2025-11-18T00:00:00Z", null, "v0.9", "failure"));
        assertThat(c.malformedLines()).isEqualTo(2);
        assertThat(c.malformedExamples()).containsExactly("line 5: not JSON",
                "line 6: timestamp 'yesterday' is not an ISO-8601 instant");

        ModelUpdateReport r = ModelUpdateReport.compute(c, Duration.ofDays(7), 2);
        assertThat(r.totalUpdates()).isEqualTo(3);
        assertThat(r.malformedLines()).isEqualTo(2);
        assertThat(r.toText()).contains("Malformed lines skipped: 2", "line 5: not JSON");
    }
}
