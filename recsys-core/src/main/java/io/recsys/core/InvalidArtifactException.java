package io.recsys.core;

/**
 * A model version's files are missing, truncated or do not match their recorded hashes.
 */
public class InvalidArtifactException extends RecsysException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and what to do about it
     */
    public InvalidArtifactException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do about it
     * @param cause the underlying failure
     */
    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
