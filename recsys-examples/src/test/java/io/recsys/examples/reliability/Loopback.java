package io.recsys.examples.reliability;

import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Shared plumbing of the reliability tests: a real server on 127.0.0.1 and a real HTTP client. */
final class Loopback {
    private Loopback() {
    }

    /** The admin key of servers started without one; {@link #get} and {@link #post} send it. */
    static final String KEY = "loopback-test-admin-key-0123456789";

    static RecsysServer start(ServerOptions options, Map<String, String> env) throws IOException {
        return RecsysServer.start(options.toBuilder().port(0).bindAddress("127.0.0.1")
                .adminKey(options.adminKey() == null ? KEY : options.adminKey()).build(), env);
    }

    /** @return the headers with {@code X-API-Key: KEY} added unless they carry a credential already */
    static String[] withKey(String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("X-API-Key") || headers[i].equalsIgnoreCase("Authorization")) {
                return headers;
            }
        }
        String[] out = java.util.Arrays.copyOf(headers, headers.length + 2);
        out[headers.length] = "X-API-Key";
        out[headers.length + 1] = KEY;
        return out;
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    static String base(RecsysServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    static HttpResponse<String> get(HttpClient client, RecsysServer server, String path, String... headers)
            throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(base(server) + path)).timeout(Duration.ofSeconds(20)).GET();
        b.headers(withKey(headers));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient client, RecsysServer server, String path, String body, String... headers)
            throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(base(server) + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        b.headers(withKey(headers));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the metric lines of {@code /metrics} (comments left out) */
    static List<String> series(HttpClient client, RecsysServer server) throws IOException, InterruptedException {
        HttpResponse<String> r = get(client, server, "/metrics");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode());
        }
        return r.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    /** @return the value of the first series whose line starts with {@code prefix}, or 0 */
    static double metric(List<String> series, String prefix) {
        return series.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    /** @return lines in the JSON-lines provenance files of {@code dir} ({@code provenance-*.jsonl}) */
    static long provenanceLines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("provenance-.*\\.jsonl")).toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    n += lines.filter(l -> !l.isBlank()).count();
                }
            }
        }
        return n;
    }

    /**
     * Polls {@code condition} until it holds or the deadline passes.
     *
     * @return whether it held
     */
    static boolean awaitTrue(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return condition.getAsBoolean();
    }

    /** A directory tree's files, for sizes and counts in assertions. */
    static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
