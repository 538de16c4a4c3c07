package io.recsys.examples.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** A handler's answer: status, JSON (or text) body, extra headers. */
record Response(int status, Object body, String contentType, Map<String, String> headers) {

    static Response json(Object body) {
        return new Response(200, body, "application/json", new LinkedHashMap<>());
    }

    static Response json(int status, Object body) {
        return new Response(status, body, "application/json", new LinkedHashMap<>());
    }

    static Response text(String body, String contentType) {
        return new Response(200, body, contentType, new LinkedHashMap<>());
    }

    Response header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }
}
