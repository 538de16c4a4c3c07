package io.recsys.provenance.trace;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.recsys.provenance.Json;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;

/**
 * The body of {@code GET /trace/{request_id}}: {@code {"request_id": ..., "trace": {...}}}.
 *
 * @param requestId the request id
 * @param trace its trace
 */
@JsonPropertyOrder({"request_id", "trace"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TraceView(String requestId, Trace trace) {

    /**
     * @param trace a trace
     * @return its view
     */
    public static TraceView of(Trace trace) {
        return new TraceView(trace.requestId(), trace);
    }

    /** @return the JSON body */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
