package io.recsys.examples.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code recsys serve} process (the CLI's main on this JVM's class path, or any command
 * such as a {@code jlink} image's launcher), with its own environment. Its log (standard error
 * and output merged) is kept in memory and copied to a file; the port comes from its
 * {@code listening on} line, so every process binds an ephemeral port.
 */
final class ServerProcess implements AutoCloseable {
    static final String KEY = "fleet-test-admin-key-0123456789abcdef";
    private static final Pattern LISTENING = Pattern.compile("recsys server listening on http://[^:]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seed variables cleared from the inherited environment, so only what a test gives is set. */
    private static final List<String> CLEARED = List.of("MODEL_VERSION", "ROLLOUT_STRATEGY", "CANARY_VERSION",
            "CANARY_PERCENTAGE", "ENVIRONMENT", "ROLLOUT_SALT", "ROLLOUT_BUCKETING", "MODEL_ADMIN_API_KEY",
            "RECSYS_STATE_DIR", "RECSYS_REPLICA_ID", "RECSYS_SERVING_STATE_DIR", "RECSYS_FLEET_POLL_MS",
            "KAFKA_BOOTSTRAP_SERVERS");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private int port = -1;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "server-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** @return {@code java -cp <this class path> io.recsys.examples.cli.RecsysCli serve args...} */
    static List<String> cli(String... serveArgs) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var cmd = new ArrayList<String>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.recsys.examples.cli.RecsysCli", "serve"));
        cmd.addAll(List.of(serveArgs));
        return cmd;
    }

    /**
     * Starts {@code command} with the admin key {@link #KEY} and {@code env} over an environment
     * cleared of the seed variables, and waits for it to listen.
     */
    static ServerProcess start(List<String> command, Map<String, String> env, Path log) throws IOException {
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeAll(CLEARED);
        pb.environment().put("MODEL_ADMIN_API_KEY", KEY);
        pb.environment().putAll(env);
        ServerProcess p = new ServerProcess(pb.start(), log);
        p.port = p.awaitPort(Duration.ofSeconds(90));
        return p;
    }

    private int awaitPort(Duration timeout) {
        String line = awaitLine(l -> LISTENING.matcher(l).find(), timeout);
        Matcher m = LISTENING.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException(line);
        }
        return Integer.parseInt(m.group(1));
    }

    /** @return the first log line matching, waiting for it (fails when the process ends first) */
    String awaitLine(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (lines) {
                for (String l : lines) {
                    if (match.test(l)) {
                        return l;
                    }
                }
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("No such log line (process " + (process.isAlive() ? "running" : "exited "
                        + process.exitValue()) + "); log:\n" + String.join("\n", log()));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** @return the log so far */
    List<String> log() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** @return the answer's JSON, failing unless the status is 200 */
    JsonNode json(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return parse(r.body());
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return client.send(b.timeout(Duration.ofSeconds(30)).header("X-API-Key", KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server as a supervisor does ({@code SIGTERM}, graceful), forcibly after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
