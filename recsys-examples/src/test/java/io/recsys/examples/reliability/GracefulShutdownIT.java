package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.provenance.testing.SealedFixtures;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown: {@code close()} lets requests already in flight finish (held at a gate in the
 * model while the server drains), refuses new ones with 503, and flushes the provenance log so
 * that it holds exactly one line per 200 answered; a server process stopped with {@code SIGTERM}
 * under load does the same and exits with status 0.
 */
class GracefulShutdownIT {
    private static final int HELD = 6;

    @TempDir
    Path temp;

    /** Publishes a {@code gated} model (popularity files) with items 1000..1039. */
    private FileSystemModelRegistry registryWith(String modelName) throws IOException {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        Path dir = Files.createDirectories(temp.resolve("train"));
        long[] users = new long[400];
        long[] items = new long[400];
        for (int i = 0; i < users.length; i++) {
            users[i] = i % 200;
            items[i] = 1000 + (i * 13L) % 40;
        }
        PopularityModelLoader.write(dir, users, items);
        SealedFixtures.publish(registry, temp, dir, modelName, "data-1");
        return registry;
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpClient client, RecsysServer server, String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(Loopback.base(server) + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void closeWaitsForInFlightRequestsAndFlushesTheLog() throws Exception {
        FileSystemModelRegistry registry = registryWith(GatedModelLoader.MODEL_NAME);
        Path logs = temp.resolve("logs");
        RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).threads(HELD + 4)
                .provenanceLog(logs).build(), Map.of("MODEL_VERSION", "v0.1"));
        long ok = 0;
        CompletableFuture<Void> closer = null;
        try {
            HttpClient client = Loopback.client();
            for (int i = 0; i < 50; i++) {
                ok += Loopback.get(client, server, "/recommend/" + i).statusCode() == 200 ? 1 : 0;
            }
            GatedModelLoader.close();
            var inFlight = new ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < HELD; i++) {
                inFlight.add(sendAsync(client, server, "/recommend/" + (100 + i) + "?k=3"));
            }
            assertThat(GatedModelLoader.awaitWaiting(HELD, 30)).as("requests held in the model").isTrue();

            closer = CompletableFuture.runAsync(server::close);
            // Probe until the server answers 503 (it is draining). A probe sent before the drain
            // began is held at the gate like the others, and joins them.
            boolean draining = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!draining && System.nanoTime() < deadline) {
                var probe = sendAsync(client, server, "/recommend/7");
                try {
                    HttpResponse<String> r = probe.get(500, TimeUnit.MILLISECONDS);
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                    assertThat(r.body()).contains("shutting_down");
                    draining = true;
                } catch (TimeoutException e) {
                    inFlight.add(probe);
                }
            }
            assertThat(draining).as("the server began draining").isTrue();
            assertThat(closer).as("close() waits for the requests in flight").isNotDone();
            assertThat(inFlight).allMatch(f -> !f.isDone());

            GatedModelLoader.open();
            closer.get(30, TimeUnit.SECONDS);
            for (var f : inFlight) {
                HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Model-Version")).hasValue("v0.1");
                assertThat(r.body()).contains("\"items\":[10");
                ok++;
            }
            assertThatThrownBy(() -> Loopback.get(Loopback.client(), server, "/healthz")).isInstanceOf(IOException.class);
            System.out.printf("GracefulShutdown: %d requests held in flight across close(), %d answered 200 in all%n",
                    inFlight.size(), ok);
        } finally {
            GatedModelLoader.open();
            server.close();
        }
        assertThat(Loopback.provenanceLines(logs)).as("provenance log lines == 200 answers").isEqualTo(ok);
    }

    @Test
    void serverProcessStopsCleanlyOnSigtermUnderLoad() throws Exception {
        FileSystemModelRegistry registry = registryWith(PopularityModelLoader.MODEL_NAME);
        Path logs = temp.resolve("child-logs");
        Path stderr = temp.resolve("server-stderr.log");
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        int exit;
        try (ChildJvm child = ChildJvm.start(ServerMain.class.getName(), stderr, registry.root().toString(), logs.toString())) {
            int port = Integer.parseInt(child.awaitLine("listening ", Duration.ofSeconds(60)).substring("listening ".length()));
            HttpClient client = Loopback.client();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> load = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    load.add(pool.submit(() -> {
                        for (int i = 0; !stop.get() && i < 1_000_000; i++) {
                            try {
                                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/recommend/" + (thread * 1000 + i % 1000)))
                                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 200) {
                                    ok.incrementAndGet();
                                } else {
                                    assertThat(r.statusCode()).isEqualTo(503);
                                    refused.incrementAndGet();
                                }
                            } catch (IOException e) {
                                // the listener is closed: the server has stopped
                                return null;
                            }
                        }
                        return null;
                    }));
                }
                assertThat(Loopback.awaitTrue(Duration.ofSeconds(60), () -> ok.get() >= 500)).isTrue();
                child.process.destroy(); // SIGTERM
                assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as("the server process ended").isTrue();
                exit = child.process.exitValue();
                stop.set(true);
                for (Future<?> f : load) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        long lines = Loopback.provenanceLines(logs);
        System.out.printf("GracefulShutdown: child exit %d after SIGTERM, %d answered 200 (%d refused while draining),"
                + " %d provenance lines%n", exit, ok.get(), refused.get(), lines);
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(log).contains("recsys server stopped");
        assertThat(log).doesNotContain("still in flight");
        assertThat(lines).as("provenance log lines == 200 answers").isEqualTo(ok.get());
    }
}
