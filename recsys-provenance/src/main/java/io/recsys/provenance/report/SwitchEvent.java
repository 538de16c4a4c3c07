package io.recsys.provenance.report;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One model switch, as the service records it in the {@link SwitchEventLog}.
 *
 * @param timestamp when the switch happened
 * @param fromVersion the version served before, or null for the first activation
 * @param toVersion the version requested
 * @param status {@value #SUCCESS} or {@value #FAILURE} (other values are kept as given)
 */
public record SwitchEvent(Instant timestamp, String fromVersion, String toVersion, String status) {

    /** Status of a switch that took effect. */
    public static final String SUCCESS = "success";

    /** Status of a switch that was refused or failed (the previous version kept serving). */
    public static final String FAILURE = "failure";

    /** Validates the required fields. */
    public SwitchEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(toVersion, "toVersion");
        Objects.requireNonNull(status, "status");
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
        return successful() && fromVersion != null && !fromVersion.isEmpty() && !fromVersion.equals(toVersion);
    }
}
