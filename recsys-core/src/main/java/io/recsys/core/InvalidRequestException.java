package io.recsys.core;

/**
 * A request argument is out of range or malformed (for example `k <= 0`).
 */
public class InvalidRequestException extends RecsysException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and what to do about it
     */
    public InvalidRequestException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
