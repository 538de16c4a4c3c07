package io.recsys.core.serving;

import java.time.Instant;

/**
 * One attempted version switch, as recorded in the switch log and the
 * {@code model_switches_total} metric.
 *
 * @param timestamp when the switch finished
 * @param fromVersion the primary version before the attempt (or {@code none})
 * @param toVersion the version asked for, as given
 * @param status {@code success}, {@code not_found}, {@code invalid} or {@code error}
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
}
