package io.recsys.core;

/**
 * The model registry could not be read or written.
 */
public class RegistryException extends RecsysException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and what to do about it
     */
    public RegistryException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
