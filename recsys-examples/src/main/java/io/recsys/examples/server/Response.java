package io.recsys.examples.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler's answer: status, a JSON body (a record, serialised by {@link ServerJson}) or text,
 * extra headers, and the rollout variant that served it (recommendations only, else null; the
 * dispatcher counts it in {@code ab_test_requests_total}).
 */
record Response(int status, Object body, String contentType, Map<String, String> headers, String variant) {

    static Response json(Object body) {
        return json(200, body);
    }

    static Response json(int status, Object body) {
        return new Response(status, body, "application/json", new LinkedHashMap<>(), null);
    }

    static Response text(String body, String contentType) {
        return new Response(200, body, contentType, new LinkedHashMap<>(), null);
    }

    Response header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    Response servedBy(String variantName) {
        return new Response(status, body, contentType, headers, variantName);
    }
}
