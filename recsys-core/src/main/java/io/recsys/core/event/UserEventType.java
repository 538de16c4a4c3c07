package io.recsys.core.event;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Kinds of user events: feedback on a recommendation or an interaction seen elsewhere. */
public enum UserEventType {
    /** The user clicked a recommended item. */
    CLICK,
    /** The user watched (consumed) a recommended item. */
    WATCH,
    /** The user rated an item (the event's value is the rating). */
    RATE,
    /** The user converted (e.g. purchased, booked). */
    CONVERT;

    /** @return the lower-case JSON name: {@code click}, {@code watch}, {@code rate}, {@code convert} */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code click}, {@code watch} or {@code convert} (any case)
     * @return the type
     * @throws IllegalArgumentException for any other name
     */
    public static UserEventType parse(String name) {
        for (UserEventType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown feedback type '" + name
                + "'; expected one of click, watch, rate, convert");
    }
}
