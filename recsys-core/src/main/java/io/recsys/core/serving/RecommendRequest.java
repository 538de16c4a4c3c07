package io.recsys.core.serving;

/**
 * One recommendation request.
 *
 * @param userId the user
 * @param k how many items
 * @param excludeSeen whether to leave out items the user has seen (default true)
 * @param requestId a caller-chosen request id (already validated), or null for a new UUID
 * @param path request path template, kept as opaque data in the provenance record, e.g. {@code /recommend/{user_id}}
 * @param method request method, e.g. {@code GET}
 */
public record RecommendRequest(long userId, int k, boolean excludeSeen, String requestId, String path, String method) {
    /** Path template used when none is given. */
    public static final String DEFAULT_PATH = "/recommend/{user_id}";

    /** Fills in defaults for path and method. */
    public RecommendRequest {
        path = path == null ? DEFAULT_PATH : path;
        method = method == null ? "GET" : method;
    }

    /**
     * @param userId the user
     * @param k how many items
     * @return a request with defaults (seen items excluded, new request id)
     */
    public static RecommendRequest of(long userId, int k) {
        return new RecommendRequest(userId, k, true, null, DEFAULT_PATH, "GET");
    }
}
