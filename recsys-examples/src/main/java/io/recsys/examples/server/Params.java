package io.recsys.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;

/** Strict parsing of query parameters and JSON request bodies; every refusal is a 400 naming the field. */
final class Params {
    private Params() {
    }

    static long parseId(String text, String name) {
        if (text == null || text.isEmpty() || text.length() > 19 || !allDigits(text, false)) {
            throw ApiException.badRequest(name + " must be a non-negative integer, got '"
                    + Router.sanitize(String.valueOf(text)) + "'");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " is out of range (at most " + Long.MAX_VALUE + ")");
        }
    }

    /** A loop rather than a stream: this runs on every request. */
    private static boolean allDigits(String text, boolean minusAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(minusAllowed && c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** @return {@code k}, 10 when absent; the range is the service's to check */
    static int parseK(String text, int maxK) {
        if (text == null) {
            return 10;
        }
        if (text.isEmpty() || text.length() > 10 || !allDigits(text, true)) {
            throw ApiException.badRequest("k must be an integer between 1 and " + maxK + ", got '"
                    + Router.sanitize(text) + "'");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("k must be an integer between 1 and " + maxK + ", got '"
                    + Router.sanitize(text) + "'");
        }
    }

    static boolean parseBoolean(String text, String name, boolean dflt) {
        if (text == null) {
            return dflt;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false");
        };
    }

    static int parseWindow(String text, String name, int dflt, int max) {
        if (text == null) {
            return dflt;
        }
        if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) < 1 || Integer.parseInt(text) > max) {
            throw ApiException.badRequest(name + " must be an integer from 1 to " + max);
        }
        return Integer.parseInt(text);
    }

    static JsonNode parseJsonObject(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        JsonNode node;
        try {
            node = ServerJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw ApiException.badRequest("Malformed JSON body: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("The JSON body must be an object");
        }
        return node;
    }

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw ApiException.badRequest("Field " + field + " must be a string or number");
        }
        return n.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return Router.sanitize(line);
    }
}
