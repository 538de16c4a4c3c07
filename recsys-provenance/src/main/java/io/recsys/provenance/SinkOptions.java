package io.recsys.provenance;

import java.util.Map;

/** Parsing of the options a {@code ProvenanceSinkProvider} receives (shared by the sink packages). */
public final class SinkOptions {

    private SinkOptions() {
    }

    /**
     * @param options sink options
     * @param key the option
     * @param defaultValue used when absent
     * @return the option as an int
     * @throws IllegalArgumentException when it is not a non-negative integer that fits an int
     */
    public static int intOption(Map<String, String> options, String key, int defaultValue) {
        long v = longOption(options, key, defaultValue);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Option " + key + "=" + v + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    /**
     * @param options sink options
     * @param key the option
     * @param defaultValue used when absent
     * @return the option as a long
     * @throws IllegalArgumentException when it is not a non-negative integer
     */
    public static long longOption(Map<String, String> options, String key, long defaultValue) {
        String s = options.get(key);
        if (s == null || s.isBlank()) {
            return defaultValue;
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0) {
                throw new IllegalArgumentException("Option " + key + " must not be negative, got " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + key + " must be a whole number, got '" + s + "'", e);
        }
    }

    /**
     * @param options sink options
     * @param key the option
     * @param sink the sink's name, for the message
     * @return the option's value
     * @throws IllegalArgumentException when it is absent or blank
     */
    public static String required(Map<String, String> options, String key, String sink) {
        String s = options.get(key);
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("Sink " + sink + " needs option " + key);
        }
        return s;
    }
}
