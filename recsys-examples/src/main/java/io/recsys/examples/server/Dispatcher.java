package io.recsys.examples.server;

import com.sun.net.httpserver.HttpExchange;
import io.recsys.core.ScoringException;
import io.recsys.provenance.RequestIds;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request passes here: the head check (HTTP/1.x with one {@code Host}), drain during
 * shutdown, routing, the cross-site and admin checks of admin routes, error mapping ({@link ErrorMapper}), the
 * endpoint metrics and writing the answer. Handlers only turn a request into a {@link Response}.
 *
 * <p>The request path takes no lock: in-flight requests are an atomic counter, and the drain flag
 * is volatile. A request counts itself in before it reads the flag, and {@link #drain} raises the
 * flag before it waits for the count to reach zero, so every request is either refused or waited for.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Router router;
    private final AdminGuard admin;
    private final CrossSiteGuard crossSite;
    private final EndpointMetrics metrics;
    private final int maxBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Requests per client address whose body is being read: a slow body holds a handler thread. */
    private final java.util.concurrent.ConcurrentHashMap<java.net.InetAddress, Integer> bodyReaders =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final int maxBodyReadersPerClient;
    /**
     * Requests worked on at once. The JDK reads request heads on many connection threads (a slow
     * head holds one of those); only this many of them route, read bodies, score and write at once.
     */
    private final java.util.concurrent.Semaphore workers;
    private final Object drained = new Object();
    private volatile boolean draining;

    Dispatcher(Router router, AdminGuard admin, CrossSiteGuard crossSite, EndpointMetrics metrics, int maxBodyBytes,
               int workers, int maxBodyReadersPerClient) {
        this.workers = new java.util.concurrent.Semaphore(workers);
        this.maxBodyReadersPerClient = maxBodyReadersPerClient;
        this.router = router;
        this.admin = admin;
        this.crossSite = crossSite;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The JDK server's handler: answers one exchange and closes it. */
    void dispatch(HttpExchange exchange) {
        workers.acquireUninterruptibly();
        try {
            answer(exchange);
        } finally {
            workers.release();
        }
    }

    private void answer(HttpExchange exchange) {
        long start = System.nanoTime();
        String malformed = malformedHead(exchange);
        if (malformed != null) {
            // Answered before routing: the request is not HTTP/1.x as this server speaks it.
            metrics.request(Router.UNMATCHED, 400, System.nanoTime() - start);
            metrics.error(Router.UNMATCHED, "bad_request");
            refuse(exchange, ApiException.badRequest(malformed));
            return;
        }
        inFlight.incrementAndGet();
        try {
            if (draining) {
                refuse(exchange, new ApiException(503, "shutting_down", "The server is shutting down"));
                return;
            }
            serve(exchange, start);
        } finally {
            if (inFlight.decrementAndGet() == 0 && draining) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        }
    }

    /**
     * Refuses new requests from now on and waits for those in flight to finish.
     *
     * @param timeoutNanos the longest wait
     * @return the requests still in flight when the wait ended (0 when all finished)
     */
    int drain(long timeoutNanos) {
        draining = true;
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (drained) {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                try {
                    // Bounded wait: a request may finish between the check and the wait.
                    drained.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return inFlight.get();
    }

    /**
     * Checks what the JDK server lets through: only HTTP/1.0 and HTTP/1.1 are spoken, and an
     * HTTP/1.1 request must carry exactly one {@code Host} header (RFC 9112, section 3.2).
     *
     * @return why the request head is refused, or null when it is acceptable
     */
    static String malformedHead(HttpExchange exchange) {
        String protocol = exchange.getProtocol();
        if (!"HTTP/1.1".equals(protocol) && !"HTTP/1.0".equals(protocol)) {
            return "Unsupported protocol '" + Router.sanitize(String.valueOf(protocol)) + "'; use HTTP/1.1";
        }
        if ("HTTP/1.1".equals(protocol)) {
            List<String> hosts = exchange.getRequestHeaders().get("Host");
            if (hosts == null || hosts.size() != 1) {
                return "An HTTP/1.1 request needs exactly one Host header";
            }
        }
        return null;
    }

    private void serve(HttpExchange exchange, long start) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String endpoint = Router.UNMATCHED;
        String variant = null;
        Response response;
        try {
            Router.Match match = router.resolve(method, path);
            endpoint = match.endpoint();
            if (match.refusal() != null) {
                throw match.refusal();
            }
            Request request = new Request(exchange, match.endpoint(), match.pathVars(), maxBodyBytes);
            if (match.route().admin()) {
                // Cross-site first: a page in the operator's browser must not even learn whether a key works.
                crossSite.check(request);
                admin.check(request);
            }
            java.net.InetAddress client = limitedBodyReader(match.route(), exchange);
            try {
                response = match.route().handler().handle(request);
            } finally {
                if (client != null) {
                    bodyReaders.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
                }
            }
            variant = response.variant();
        } catch (Exception e) {
            if (e instanceof ScoringException s) {
                variant = s.route().variant();
            }
            ApiException api = ErrorMapper.map(e, method, path);
            response = Response.json(api.status, api.body()).header("Allow", api.allow)
                    .header("WWW-Authenticate", api.status == 401 ? AdminGuard.CHALLENGE : null);
            metrics.error(endpoint, api.error);
        } catch (Error e) {
            // Not rethrown: the JDK server would drop the connection and the client never learn why.
            ApiException api = ErrorMapper.mapError(e, method, path);
            response = Response.json(api.status, api.body()).header("Connection", "close");
            metrics.error(endpoint, api.error);
        }
        // Counted before the answer leaves, so a client that has its answer sees it counted.
        long nanos = System.nanoTime() - start;
        metrics.request(endpoint, response.status(), nanos);
        if (variant != null) {
            metrics.variant(variant, response.status(), nanos);
        }
        try {
            write(exchange, method, response);
        } catch (IOException e) {
            LOG.debug("Client went away before the answer was written: {}", e.toString());
        } finally {
            exchange.close();
        }
    }

    /**
     * Counts a public request that carries a body against its client address, refusing it with 503
     * once the address has {@code maxBodyReadersPerClient} bodies being read: a client that sends
     * bodies slowly can then hold at most that many handler threads, and the rest (health, admin,
     * other clients, GETs) are still served. Admin routes are not limited (they need the key).
     *
     * @return the address counted (to release), or null when the request is not limited
     */
    private java.net.InetAddress limitedBodyReader(Router.Route route, HttpExchange exchange) {
        var headers = exchange.getRequestHeaders();
        String length = headers.getFirst("Content-Length");
        boolean body = headers.getFirst("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
        if (route.admin() || !body || exchange.getRemoteAddress() == null) {
            return null;
        }
        java.net.InetAddress client = exchange.getRemoteAddress().getAddress();
        boolean[] admitted = {false};
        bodyReaders.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxBodyReadersPerClient) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            exchange.getResponseHeaders().set("Connection", "close");
            throw new ApiException(503, "too_many_requests_from_client", "Too many request bodies in progress from this"
                    + " address; retry when they finish");
        }
        return client;
    }

    /**
     * With {@code drainAmount=0} ({@link HttpLimits}) the JDK keeps a connection alive only when the
     * request body was read to its end. A request without a body is at its end at once: reading it
     * says so (no wait), so keep-alive still works; a body left unread closes the connection.
     */
    private static void markEmptyBodyRead(HttpExchange exchange) {
        var headers = exchange.getRequestHeaders();
        String length = headers.getFirst("Content-Length");
        if (headers.getFirst("Transfer-Encoding") == null && (length == null || length.trim().equals("0"))) {
            try {
                exchange.getRequestBody().read();
            } catch (IOException e) {
                LOG.debug("Request body could not be read to its end: {}", e.toString());
            }
        } else if (exchange.getAttribute(Request.BODY_READ) == null) {
            // the body is left unread (a refusal before reading it): say that the connection ends here
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    /** Answers with an error and {@code Connection: close}, outside routing. */
    private static void refuse(HttpExchange exchange, ApiException api) {
        exchange.getResponseHeaders().set("Connection", "close");
        try {
            write(exchange, exchange.getRequestMethod(), Response.json(api.status, api.body()));
        } catch (IOException e) {
            LOG.debug("Client went away before a {} was written: {}", api.status, e.toString());
        } finally {
            exchange.close();
        }
    }

    private static final String REQUEST_ID = "X-Request-ID";

    /** Largest body buffer a connection thread keeps for its next answer: 256 threads x 8 KiB at most. */
    private static final int KEPT_BODY_BYTES = 8 * 1024;

    /** A byte buffer whose contents are written without a copy. */
    private static final class BodyBuffer extends java.io.ByteArrayOutputStream {
        BodyBuffer() {
            super(1024);
        }

        byte[] bytes() {
            return buf;
        }
    }

    private static final ThreadLocal<BodyBuffer> BODIES = ThreadLocal.withInitial(BodyBuffer::new);

    private static void write(HttpExchange exchange, String method, Response response) throws IOException {
        markEmptyBodyRead(exchange);
        if (response.body() instanceof String s) {
            byte[] text = s.getBytes(StandardCharsets.UTF_8);
            send(exchange, method, response, text, text.length);
            return;
        }
        // JSON goes through a buffer the thread reuses, not a new array per answer
        BodyBuffer body = BODIES.get();
        body.reset();
        try {
            ServerJson.MAPPER.writeValue(body, response.body());
            send(exchange, method, response, body.bytes(), body.size());
        } finally {
            if (body.bytes().length > KEPT_BODY_BYTES) {
                BODIES.remove(); // a large answer (e.g. /metrics) does not stay pinned to the thread
            }
        }
    }

    private static void send(HttpExchange exchange, String method, Response response, byte[] bytes, int length)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        response.headers().forEach(headers::set);
        if (!headers.containsKey(REQUEST_ID)) {
            // every answer carries a request id, errors and /healthz included (the seeds' middleware):
            // the client's when it is well-formed, else a new one
            String incoming = exchange.getRequestHeaders().getFirst(REQUEST_ID);
            headers.set(REQUEST_ID, RequestIds.accept(incoming));
        }
        boolean head = "HEAD".equals(method);
        exchange.sendResponseHeaders(response.status(), head ? -1 : length == 0 ? -1 : length);
        if (!head && length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, length);
            }
        }
    }
}
