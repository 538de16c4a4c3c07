package io.recsys.examples.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The server's one JSON mapper: every response body, request body and {@code serving_state.json}
 * go through it. Wire names come from the snake_case naming strategy (a record component
 * {@code userId} is {@code user_id}); {@code java.time} values through {@code jackson-datatype-jsr310}.
 */
final class ServerJson {
    /** Thread-safe once configured; shared by every handler. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private ServerJson() {
    }
}
