package io.recsys.examples.server;

/**
 * The JDK HTTP server's limits and socket options, set as the system properties it reads once,
 * when the first {@code HttpServer} is created. Values given on the command line win.
 */
final class HttpLimits {
    /** Seconds a client has to send its request line and headers (JDK {@code maxReqTime}). */
    static final int MAX_REQUEST_HEAD_SECONDS = 10;
    /** Seconds from the end of the request head to the end of the answer (JDK {@code maxRspTime}). */
    static final int MAX_EXCHANGE_SECONDS = 60;
    /** Largest request head in bytes (JDK {@code maxReqHeaderSize}). */
    static final int MAX_REQUEST_HEADER_BYTES = 32 * 1024;
    /** Most request header lines (JDK {@code maxReqHeaders}). */
    static final int MAX_REQUEST_HEADERS = 100;

    private HttpLimits() {
    }

    /** Sets the properties that are not set yet; call before the first {@code HttpServer} exists. */
    static void apply() {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, a keep-alive
        // client's delayed ACK then stalls every answer by ~40 ms.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // The JDK reads a request's line and headers on a handler thread, and by default waits for
        // them forever: a few clients that connect and send half a request would hold every handler
        // thread. Bound the time to send the request head, and the time from the head to the end
        // of the answer (which covers a stalled request body and a client that stops reading).
        setIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_HEAD_SECONDS));
        setIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(MAX_EXCHANGE_SECONDS));
        // Request heads larger than this close the connection (the JDK default is 380 KiB).
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", String.valueOf(MAX_REQUEST_HEADER_BYTES));
        setIfAbsent("sun.net.httpserver.maxReqHeaders", String.valueOf(MAX_REQUEST_HEADERS));
        // An answered request whose body was not read is closed instead of drained: draining a body
        // that a slow client never sends would hold the handler thread until maxRspTime.
        setIfAbsent("sun.net.httpserver.drainAmount", "0");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
