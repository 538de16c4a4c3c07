package io.recsys.examples.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One routed request: method, path, the route's template and path variables, a strictly decoded
 * query, a bounded body. Made once the router has matched the path; nothing in it changes after.
 */
final class Request {
    /** Exchange attribute set once the body was read to its end (the connection may then be kept). */
    static final String BODY_READ = "recsys.bodyRead";

    final HttpExchange exchange;
    final String method;
    final String path;
    final String template;
    private final Map<String, String> pathVars;
    private final String rawQuery;
    private final int maxBody;
    /** Decoded on first use, so that a malformed query fails only the routes that read it. */
    private Map<String, String> query;

    Request(HttpExchange exchange, String template, Map<String, String> pathVars, int maxBody) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod();
        this.path = exchange.getRequestURI().getRawPath();
        this.rawQuery = exchange.getRequestURI().getRawQuery();
        this.template = template;
        this.pathVars = Map.copyOf(pathVars);
        this.maxBody = maxBody;
    }

    /** @return the query parameters (first value wins), decoded strictly on first use */
    Map<String, String> query() {
        if (query == null) {
            query = parseQuery(rawQuery);
        }
        return query;
    }

    String param(String name) {
        return query().get(name);
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    InetSocketAddress remote() {
        return exchange.getRemoteAddress();
    }

    String pathVar(String name) {
        return pathVars.get(name);
    }

    /** Reads the body, refusing more than the configured maximum with 413. */
    byte[] body() throws IOException {
        String length = header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBody) {
                    throw new ApiException(413, "payload_too_large", "Request body exceeds " + maxBody + " bytes");
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Content-Length is not a number");
            }
        }
        InputStream in = exchange.getRequestBody();
        var out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = readBody(in, buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > maxBody) {
                throw new ApiException(413, "payload_too_large", "Request body exceeds " + maxBody + " bytes");
            }
        }
        exchange.setAttribute(BODY_READ, Boolean.TRUE);
        return out.toByteArray();
    }

    /** A body that cannot be read (bad chunk framing, a client that hung up) is the client's fault. */
    private static int readBody(InputStream in, byte[] buf) {
        try {
            return in.read(buf);
        } catch (IOException | RuntimeException e) {
            // RuntimeException: the JDK's chunked decoder fails with IndexOutOfBoundsException on a
            // chunk size beyond int range.
            throw ApiException.badRequest("The request body could not be read (malformed chunked encoding or"
                    + " the connection ended early)");
        }
    }

    static Map<String, String> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        var map = new HashMap<String, String>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (map.size() >= 32) {
                throw ApiException.badRequest("Too many query parameters");
            }
            map.putIfAbsent(key, value);
        }
        return map;
    }

    static String decode(String s) {
        try {
            String d = URLDecoder.decode(s, StandardCharsets.UTF_8);
            if (d.indexOf('\uFFFD') >= 0) {
                throw ApiException.badRequest("Query is not valid UTF-8");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Malformed percent-encoding in query");
        }
    }
}
