package io.recsys.examples.server;

import java.util.Map;

/** An error answer: HTTP status, a short error code, a human detail, optional extra fields. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String error;
    final transient Map<String, Object> extra;

    ApiException(int status, String error, String detail) {
        this(status, error, detail, Map.of());
    }

    ApiException(int status, String error, String detail, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.extra = extra;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }
}
