package io.recsys.core;

/**
 * How a recommendation request ended, as the library sees it. Transports map an outcome to their
 * own vocabulary (the example server to an HTTP status); the library never interprets a transport's
 * codes.
 */
public enum Outcome {
    /** Items were scored and returned. */
    SERVED("none"),
    /** The request itself was invalid (for example {@code k} out of range). */
    INVALID_REQUEST("bad_request"),
    /** No model version is loaded yet. */
    NOT_READY("not_ready"),
    /** The model failed while scoring. */
    MODEL_ERROR("model_error");

    private final String errorType;

    Outcome(String errorType) {
        this.errorType = errorType;
    }

    /** @return whether items were served */
    public boolean successful() {
        return this == SERVED;
    }

    /**
     * @return the bounded error vocabulary used in metrics and error bodies ({@code bad_request},
     *     {@code not_ready}, {@code model_error}), or {@code none} when served
     */
    public String errorType() {
        return errorType;
    }
}
