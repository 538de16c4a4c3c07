package io.recsys.core;

/**
 * A model version could not be loaded (no loader for its type, or the loader failed).
 */
public class ModelLoadException extends RecsysException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and what to do about it
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
