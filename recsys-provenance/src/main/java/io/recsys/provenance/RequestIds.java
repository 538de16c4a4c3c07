package io.recsys.provenance;

import io.recsys.core.RandomIds;

/**
 * Request ids for {@code X-Request-ID}: an incoming id is kept only when well-formed, so that a
 * client cannot inject control characters, separators or huge values into logs and headers.
 */
public final class RequestIds {

    /** Longest accepted incoming id. */
    public static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /**
     * @param candidate an id, e.g. from a request header
     * @return whether it is 1 to 128 characters of {@code [A-Za-z0-9._:-]}
     */
    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param incoming the client's {@code X-Request-ID}, or null
     * @return {@code incoming} when {@linkplain #isValid valid}, else a new random UUID
     */
    public static String accept(String incoming) {
        return isValid(incoming) ? incoming : generate();
    }

    /** @return a new random UUID in its 36-character text form ({@link RandomIds}: unique, not secret) */
    public static String generate() {
        return RandomIds.uuid();
    }
}
