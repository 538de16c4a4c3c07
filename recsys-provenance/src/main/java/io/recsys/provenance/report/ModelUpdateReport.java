package io.recsys.provenance.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.recsys.core.serving.SwitchEvent;
import io.recsys.provenance.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Verifies the "at least N model updates within a 7-day window" requirement from the switch-event
 * log (milestone report, section 3/7).
 *
 * <p>Every switch is listed. A switch counts as an update when it took effect and changed the
 * served version ({@link SwitchEvent#isUpdate()}): rollbacks count (v0.3 → v0.2 is an update), a
 * failed switch, a first activation and a switch to the version already served do not. The best
 * window is found by sliding a window of the given length to start at each update:
 * [start, start + window), and taking the one with the most updates (the earliest on ties).
 *
 * @param observationStart first event's time, or null without events
 * @param observationEnd last event's time, or null without events
 * @param window the window length
 * @param required updates needed within one window
 * @param switches every switch, oldest first
 * @param totalUpdates how many switches count as updates
 * @param bestWindowStart start of the best window, or null without updates
 * @param bestWindowEnd end of the best window (exclusive), or null without updates
 * @param bestWindowUpdates updates in the best window
 * @param bestWindowSwitches the updates in the best window
 * @param malformedLines log lines skipped as malformed
 * @param malformedExamples up to 10 of them
 */
@JsonPropertyOrder({"status", "passed", "required", "window", "window_days", "observation_start", "observation_end",
        "switches", "total_switches", "total_updates", "best_window_start", "best_window_end", "best_window_updates",
        "best_window_switches", "malformed_lines", "malformed_examples"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelUpdateReport(
        Instant observationStart,
        Instant observationEnd,
        Duration window,
        int required,
        List<Entry> switches,
        int totalUpdates,
        Instant bestWindowStart,
        Instant bestWindowEnd,
        int bestWindowUpdates,
        List<Entry> bestWindowSwitches,
        long malformedLines,
        List<String> malformedExamples) {

    /** Default window: 7 days. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    /** Default requirement: 2 updates. */
    public static final int DEFAULT_REQUIRED = 2;

    /**
     * One switch in the report.
     *
     * @param timestamp when
     * @param fromVersion from which version, or null
     * @param toVersion to which version
     * @param status as logged
     * @param countsAsUpdate whether it counts as an update
     */
    @JsonPropertyOrder({"timestamp", "from_version", "to_version", "status", "counts_as_update"})
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(
            Instant timestamp,
            String fromVersion,
            String toVersion,
            String status,
            boolean countsAsUpdate) {

        static Entry of(SwitchEvent e) {
            return new Entry(e.timestamp(), e.fromVersion(), e.toVersion(), e.status(), e.isUpdate());
        }
    }

    /** Copies the lists. */
    public ModelUpdateReport {
        switches = List.copyOf(switches);
        bestWindowSwitches = List.copyOf(bestWindowSwitches);
        malformedExamples = List.copyOf(malformedExamples);
    }

    /**
     * @param events switch events, in any order
     * @return the report for a 7-day window and 2 required updates
     */
    public static ModelUpdateReport compute(List<SwitchEvent> events) {
        return compute(events, DEFAULT_WINDOW, DEFAULT_REQUIRED);
    }

    /**
     * @param events switch events, in any order
     * @param window the window length
     * @return the report with 2 required updates
     */
    public static ModelUpdateReport compute(List<SwitchEvent> events, Duration window) {
        return compute(events, window, DEFAULT_REQUIRED);
    }

    /**
     * @param events switch events, in any order
     * @param window the window length, positive
     * @param required updates needed within one window
     * @return the report
     */
    public static ModelUpdateReport compute(List<SwitchEvent> events, Duration window, int required) {
        return compute(new SwitchEventLog.Contents(events, 0, List.of()), window, required);
    }

    /**
     * @param log the contents of a switch-event log (its malformed lines are reported)
     * @param window the window length, positive
     * @param required updates needed within one window
     * @return the report
     */
    public static ModelUpdateReport compute(SwitchEventLog.Contents log, Duration window, int required) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The window must be positive, got " + window);
        }
        List<SwitchEvent> sorted = new ArrayList<>(log.events());
        sorted.sort(Comparator.comparing(SwitchEvent::timestamp));
        List<SwitchEvent> updates = sorted.stream().filter(SwitchEvent::isUpdate).toList();
        int bestCount = 0;
        int bestStart = -1;
        int end = 0;
        for (int i = 0; i < updates.size(); i++) {
            Instant limit = updates.get(i).timestamp().plus(window);
            end = Math.max(end, i);
            while (end < updates.size() && updates.get(end).timestamp().isBefore(limit)) {
                end++;
            }
            if (end - i > bestCount) {
                bestCount = end - i;
                bestStart = i;
            }
        }
        List<Entry> best = bestStart < 0 ? List.of()
                : updates.subList(bestStart, bestStart + bestCount).stream().map(Entry::of).toList();
        Instant bestFrom = bestStart < 0 ? null : updates.get(bestStart).timestamp();
        return new ModelUpdateReport(
                sorted.isEmpty() ? null : sorted.get(0).timestamp(),
                sorted.isEmpty() ? null : sorted.get(sorted.size() - 1).timestamp(),
                window, required, sorted.stream().map(Entry::of).toList(), updates.size(),
                bestFrom, bestFrom == null ? null : bestFrom.plus(window), bestCount, best,
                log.malformedLines(), log.malformedExamples());
    }

    /** @return whether the best window holds at least the required updates */
    @JsonProperty
    public boolean passed() {
        return bestWindowUpdates >= required;
    }

    /** @return {@code PASS} or {@code FAIL} */
    @JsonProperty
    public String status() {
        return passed() ? "PASS" : "FAIL";
    }

    /** @return the window in days (fractional) */
    @JsonProperty
    public double windowDays() {
        return window.toMillis() / 86_400_000.0;
    }

    /** @return how many switches were logged */
    @JsonProperty
    public int totalSwitches() {
        return switches.size();
    }

    /** @return the report as JSON */
    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the seed's text report ("MODEL UPDATE VERIFICATION REPORT") */
    public String toText() {
        var sb = new StringBuilder();
        sb.append(ReportText.box("MODEL UPDATE VERIFICATION REPORT")).append('\n');
        sb.append("Observation Period:\n");
        sb.append("  Start:     ").append(observationStart == null ? "n/a" : observationStart).append('\n');
        sb.append("  End:       ").append(observationEnd == null ? "n/a" : observationEnd).append('\n');
        if (observationStart != null) {
            double days = Duration.between(observationStart, observationEnd).toMillis() / 86_400_000.0;
            sb.append("  Duration:  ").append(ReportText.fixed(days, 1)).append(" days\n");
        }
        sb.append('\n');
        sb.append("Model Switches Found:\n");
        sb.append("  Total:     ").append(switches.size()).append(switches.size() == 1 ? " switch" : " switches");
        sb.append(" (").append(totalUpdates).append(totalUpdates == 1 ? " update" : " updates").append(")\n\n");
        sb.append("All Model Switches:\n");
        if (switches.isEmpty()) {
            sb.append("  (none)\n");
        }
        appendList(sb, switches, true);
        sb.append('\n');
        String days = ReportText.number(windowDays());
        sb.append("Best ").append(days).append("-Day Window:\n");
        if (bestWindowStart == null) {
            sb.append("  Window:    n/a\n");
        } else {
            sb.append("  Window:    ").append(bestWindowStart).append(" to ").append(bestWindowEnd).append('\n');
        }
        sb.append("  Switches:  ").append(bestWindowUpdates).append(bestWindowUpdates == 1 ? " update" : " updates")
                .append("\n\n");
        if (!bestWindowSwitches.isEmpty()) {
            sb.append("Switches in Best Window:\n");
            appendList(sb, bestWindowSwitches, false);
            sb.append('\n');
        }
        if (malformedLines > 0) {
            sb.append("Data Quality:\n");
            sb.append("  Malformed lines skipped: ").append(malformedLines).append('\n');
            for (String ex : malformedExamples) {
                sb.append("    ").append(ex).append('\n');
            }
            sb.append('\n');
        }
        sb.append("Requirement Check:\n");
        sb.append("  Required:  ≥").append(required).append(" updates within ").append(days).append(" days\n");
        sb.append("  Actual:    ").append(bestWindowUpdates).append(" updates\n");
        sb.append("  Status:    ").append(status()).append("\n\n");
        sb.append(passed() ? "The system meets the model update requirement!"
                : "The system does NOT meet the model update requirement.").append('\n');
        return sb.toString();
    }

    private static void appendList(StringBuilder sb, List<Entry> entries, boolean markNonUpdates) {
        int i = 1;
        for (Entry e : entries) {
            sb.append("  ").append(i++).append(". [").append(e.timestamp()).append("] ")
                    .append(e.fromVersion() == null ? "(none)" : e.fromVersion()).append(" → ").append(e.toVersion());
            if (markNonUpdates && !e.countsAsUpdate()) {
                sb.append("  (").append(e.status()).append(", not an update)");
            }
            sb.append('\n');
        }
    }
}
