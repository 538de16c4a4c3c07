package io.recsys.examples.server;

import java.util.List;

/**
 * An error answer: HTTP status, a short error type (the same word in the body and in
 * {@code recommend_errors_total{error_type}}), a human detail, and optionally the versions that
 * exist ({@code available}) and the methods allowed ({@code Allow} header).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String error;
    final transient List<String> available;
    final String allow;
    /** The state a 409 conflicts with, shown as {@code current}; null otherwise. */
    final transient Object current;

    ApiException(int status, String error, String detail) {
        this(status, error, detail, null, null);
    }

    ApiException(int status, String error, String detail, List<String> available, String allow) {
        this(status, error, detail, available, allow, null);
    }

    private ApiException(int status, String error, String detail, List<String> available, String allow, Object current) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.available = available == null ? null : List.copyOf(available);
        this.allow = allow;
        this.current = current;
    }

    /** @return this answer carrying {@code state} as {@code current} (a 409's stored state) */
    ApiException withCurrent(Object state) {
        return new ApiException(status, error, getMessage(), available, allow, state);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    /** @return the error body: {@code error}, {@code detail} and, when known, {@code available} and {@code current} */
    ErrorBody body() {
        return new ErrorBody(error, getMessage(), available, current);
    }

    /** The JSON error body. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record ErrorBody(String error, String detail, List<String> available, Object current) {
    }
}
