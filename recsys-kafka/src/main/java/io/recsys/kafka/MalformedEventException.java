package io.recsys.kafka;

/** An event on the event topic that cannot be decoded or applied; the message names the reason. */
public final class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong with the event (no payload, no stack details) */
    public MalformedEventException(String reason) {
        super(reason);
    }
}
