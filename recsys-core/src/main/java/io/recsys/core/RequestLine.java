package io.recsys.core;

import java.util.Objects;

/**
 * What the provenance log keeps of the request that asked for a recommendation: opaque data given
 * by the transport, never interpreted by the library.
 *
 * @param method the request method, e.g. {@code GET}
 * @param path the request path template, e.g. {@code /recommend/{user_id}}
 */
public record RequestLine(String method, String path) {
    /** The line used when a caller gives none: the seeds' recommendation route. */
    public static final RequestLine DEFAULT = new RequestLine("GET", "/recommend/{user_id}");

    /** Validates that both parts are present. */
    public RequestLine {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }
}
