package io.recsys.core;

/** The service has no model loaded yet (or failed to load one) and cannot answer. */
public class NotReadyException extends RecsysException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why the service is not ready
     */
    public NotReadyException(String message) {
        super(message);
    }
}
