package io.recsys.core;

/**
 * A rollout configuration or update was rejected; the current policy keeps serving.
 */
public class InvalidRolloutException extends RecsysException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and what to do about it
     */
    public InvalidRolloutException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public InvalidRolloutException(String message, Throwable cause) {
        super(message, cause);
    }
}
