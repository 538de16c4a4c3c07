package io.recsys.kafka;

import java.util.Locale;

/** Lifecycle state of a Kafka component, as {@code /healthz} reports it. */
public enum ComponentState {
    /** Built but not yet started. */
    NEW,
    /** Working. */
    RUNNING,
    /** Stopped by an error it cannot recover from. */
    FAILED,
    /** Closed on request. */
    STOPPED;

    /** @return the lower-case name, e.g. {@code running} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
