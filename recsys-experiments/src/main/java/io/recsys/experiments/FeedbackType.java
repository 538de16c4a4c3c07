package io.recsys.experiments;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Kinds of user feedback that arrive after a recommendation was served. */
public enum FeedbackType {
    /** The user clicked a recommended item. */
    CLICK,
    /** The user watched (consumed) a recommended item. */
    WATCH,
    /** The user converted (e.g. purchased, booked). */
    CONVERT;

    /** @return the lower-case JSON name: {@code click}, {@code watch}, {@code convert} */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code click}, {@code watch} or {@code convert} (any case)
     * @return the type
     * @throws IllegalArgumentException for any other name
     */
    public static FeedbackType parse(String name) {
        for (FeedbackType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown feedback type '" + name
                + "'; expected one of click, watch, convert");
    }
}
