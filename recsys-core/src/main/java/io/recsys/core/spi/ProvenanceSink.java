package io.recsys.core.spi;

import io.recsys.core.PredictionRecord;

/**
 * Service-provider interface: receives the provenance record of every request.
 *
 * <p>{@link #accept} is called on the request path; an implementation that may block or is
 * slow must be wrapped in an asynchronous hand-off. Exceptions thrown here never fail the
 * request: the service counts them in {@code provenance_sink_errors_total} and goes on.
 */
public interface ProvenanceSink extends AutoCloseable {

    /** @param record one request's provenance */
    void accept(PredictionRecord record);

    /** Makes every accepted record durable (when the sink is durable). */
    default void flush() {
    }

    /** Flushes and releases resources. */
    @Override
    default void close() {
        flush();
    }

    /** @return a short name for metrics and logs */
    default String name() {
        return getClass().getSimpleName();
    }
}
