package io.recsys.examples.server;

import io.recsys.provenance.trace.InMemoryTraceStore;

/**
 * {@code GET /trace/{request_id}} (and {@code /traces/{request_id}}): a recent request's provenance.
 * An id the server issued ({@link RequestIdIssuer}) is its own credential; any other id (chosen by
 * a client in {@code X-Request-ID}, so possibly known to others) needs the admin key.
 */
final class TraceHandlers {
    private final InMemoryTraceStore traces;
    private final RequestIdIssuer ids;
    private final java.util.function.Consumer<Request> adminCheck;

    TraceHandlers(InMemoryTraceStore traces, RequestIdIssuer ids, java.util.function.Consumer<Request> adminCheck) {
        this.traces = traces;
        this.ids = ids;
        this.adminCheck = adminCheck;
    }

    void register(Router router) {
        router.get("/trace/{request_id}", this::trace)
                .get("/traces/{request_id}", this::trace);
    }

    private Response trace(Request r) {
        String id = r.pathVar("request_id");
        if (!ids.issued(id)) {
            adminCheck.accept(r);
        }
        return traces.view(id).map(Response::json)
                .orElseThrow(() -> ApiException.notFound("No trace for request id '" + Router.sanitize(id)
                        + "' (the store keeps the last " + traces.capacity() + " requests)"));
    }
}
