package io.recsys.core;

/**
 * Base of every exception the library throws on purpose. Messages say what was wrong and, where
 * possible, what to do about it.
 */
public class RecsysException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, in words a user can act on
     */
    public RecsysException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, in words a user can act on
     * @param cause the underlying failure
     */
    public RecsysException(String message, Throwable cause) {
        super(message, cause);
    }
}
