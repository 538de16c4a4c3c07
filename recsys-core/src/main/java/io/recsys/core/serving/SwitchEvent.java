package io.recsys.core.serving;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One attempted version switch, as recorded in the switch log and the
 * {@code model_switches_total} metric.
 *
 * @param timestamp when the switch finished
 * @param fromVersion the primary version before the attempt (or {@code none})
 * @param toVersion the version asked for, as given
 * @param status {@code success}, {@code not_found}, {@code invalid} or {@code error} ({@code failure}
 *     or any other text when read back from a log written elsewhere)
 * @param detail why it failed, or empty
 */
public record SwitchEvent(Instant timestamp, String fromVersion, String toVersion, String status, String detail) {
    /** Status of a switch that took effect. */
    public static final String SUCCESS = "success";
    /** Status of a switch to a version the registry does not hold. */
    public static final String NOT_FOUND = "not_found";
    /** Status of a switch to a version whose files failed verification. */
    public static final String INVALID = "invalid";
    /** Status of a switch that failed otherwise (loader error, I/O). */
    public static final String ERROR = "error";
    /** Status written to the seeds' switch log for any switch that did not take effect. */
    public static final String FAILURE = "failure";

    /** Validates the required fields; an absent detail becomes empty. */
    public SwitchEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(toVersion, "toVersion");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** @return whether the switch took effect ({@code success} or {@code ok}, any case) */
    public boolean successful() {
        String s = status.toLowerCase(Locale.ROOT);
        return s.equals(SUCCESS) || s.equals("ok");
    }

    /**
     * Whether this switch counts as a model update: it took effect and changed the served version
     * (a first activation, with no previous version, and a switch to the version already served
     * do not).
     *
     * @return whether it is an update
     */
    public boolean isUpdate() {
        return successful() && fromVersion != null && !fromVersion.isEmpty() && !"none".equals(fromVersion)
                && !fromVersion.equals(toVersion);
    }
}
