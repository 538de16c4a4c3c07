package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import io.recsys.provenance.testing.SealedFixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack (slow bodies): four {@code POST /feedback} with {@code Content-Length: 60000} and one
 * byte of body held every handler thread, and {@code /healthz} failed, again and again. Now one
 * client address may have at most half the handler threads reading bodies; further bodies from it
 * are refused at once with 503 and the connection closed, so health (and everyone else) is served.
 */
class SlowClientsIT {
    private static final int THREADS = 4;
    private static final int SLOW = 2 * THREADS;

    @TempDir
    Path temp;

    @Test
    void moreSlowBodiesThanHandlerThreadsDoNotStopHealth() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        try (RecsysServer server = Loopback.start(ServerOptions.builder(registry.root()).threads(THREADS).build(), Map.of())) {
            var sockets = new ArrayList<Socket>();
            var refused = new CountDownLatch(SLOW - THREADS / 2);
            var statuses = new ConcurrentLinkedQueue<Integer>();
            List<Thread> readers = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                    s.getOutputStream().write(("POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 60000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    sockets.add(s);
                    Thread t = new Thread(() -> {
                        try {
                            RawHttp.Answer a = RawHttp.read(s.getInputStream());
                            statuses.add(a.status());
                            if (a.status() == 503) {
                                refused.countDown();
                            }
                        } catch (IOException e) {
                            statuses.add(-1);
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                    readers.add(t);
                }
                assertThat(refused.await(30, TimeUnit.SECONDS)).as("503s: " + statuses).isTrue();
                long t0 = System.nanoTime();
                RawHttp.Answer health = RawHttp.exchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n", Duration.ofSeconds(15));
                double healthMs = (System.nanoTime() - t0) / 1e6; // reported, never asserted
                assertThat(health.status()).as(health.toString()).isEqualTo(200);
                RawHttp.Answer recommend = RawHttp.exchange(server.port(), "GET /recommend/7 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n", Duration.ofSeconds(15));
                assertThat(recommend.status()).isEqualTo(200);
                // the admitted slow bodies are still being waited for, the others were answered
                assertThat(statuses).hasSize(SLOW - THREADS / 2).containsOnly(503);
                System.out.printf("SlowClients: %d slow bodies on %d handler threads: %d refused with 503, /healthz 200"
                        + " in %.1f ms%n", SLOW, THREADS, statuses.size(), healthMs);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
