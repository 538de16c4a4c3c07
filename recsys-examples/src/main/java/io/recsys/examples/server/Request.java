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

/** One parsed request: method, path, path variables, strictly decoded query, bounded body. */
final class Request {
    final HttpExchange exchange;
    final String method;
    final String path;
    private final String rawQuery;
    private Map<String, String> query;
    Map<String, String> pathVars = Map.of();
    String template;
    /** Set once the request reached {@code RecommendationService}, which records its own metrics. */
    boolean serviceRecorded;
    private final int maxBody;

    Request(HttpExchange exchange, int maxBody) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod();
        this.path = exchange.getRequestURI().getRawPath();
        this.rawQuery = exchange.getRequestURI().getRawQuery();
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
