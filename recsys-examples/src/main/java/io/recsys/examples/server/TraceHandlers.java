package io.recsys.examples.server;

import io.recsys.provenance.trace.InMemoryTraceStore;

/** {@code GET /trace/{request_id}} (and {@code /traces/{request_id}}): a recent request's provenance. */
final class TraceHandlers {
    private final InMemoryTraceStore traces;

    TraceHandlers(InMemoryTraceStore traces) {
        this.traces = traces;
    }

    void register(Router router) {
        router.get("/trace/{request_id}", this::trace)
                .get("/traces/{request_id}", this::trace);
    }

    private Response trace(Request r) {
        String id = r.pathVar("request_id");
        return traces.view(id).map(Response::json)
                .orElseThrow(() -> ApiException.notFound("No trace for request id '" + Router.sanitize(id)
                        + "' (the store keeps the last " + traces.capacity() + " requests)"));
    }
}
