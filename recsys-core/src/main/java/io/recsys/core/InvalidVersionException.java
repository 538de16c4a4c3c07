package io.recsys.core;

/**
 * A string that is not a well-formed `vMAJOR.MINOR` model version.
 */
public class InvalidVersionException extends RecsysException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and what to do about it
     */
    public InvalidVersionException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public InvalidVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
