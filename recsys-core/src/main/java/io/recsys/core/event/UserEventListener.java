package io.recsys.core.event;

/**
 * Receives user events from an event source. Implementations must be thread-safe and should not
 * block: sources call them on their own threads and commit progress only after this returns.
 */
@FunctionalInterface
public interface UserEventListener {
    /**
     * Applies one event.
     *
     * @param event the event
     * @throws IllegalArgumentException when the event cannot be applied (the source dead-letters it)
     */
    void onEvent(UserEvent event);
}
