package io.recsys.provenance;

import java.util.Map;

/** Parsing of sink provider options. */
final class Options {

    private Options() {
    }

    static int intOption(Map<String, String> options, String key, int defaultValue) {
        long v = longOption(options, key, defaultValue);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Option " + key + "=" + v + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    static long longOption(Map<String, String> options, String key, long defaultValue) {
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

    static String required(Map<String, String> options, String key, String sink) {
        String s = options.get(key);
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("Sink " + sink + " needs option " + key);
        }
        return s;
    }
}
