package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack (slow heads): the JDK server reads a request's line and headers on a
 * thread of the server's executor before any of the server's code runs. With as many threads as
 * handlers (4 on two cores), four connections that send half a head held all of them until
 * {@code maxReqTime}, and {@code /healthz} waited with them. Now heads are read on connection
 * threads (256 by default) while only the handler count works at once: far more slow heads than
 * handler threads leave health answered while every slow head is still open, and each of them is
 * answered when it is finished.
 *
 * <p>The server runs in its own JVM with {@code maxReqTime=60}: before the change, {@code /healthz}
 * waits for that minute and the 15 s read below times out; the slow heads must also still be open
 * afterwards, which they are not once the JDK has cut them.
 */
class SlowHeadsIT {
    /** More slow heads than handler threads on any machine up to 31 cores (2x cores, at least 4). */
    private static final int SLOW = 64;

    @TempDir
    Path temp;

    @Test
    void manySlowRequestHeadsDoNotStopHealth() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 200);
        Path logs = temp.resolve("logs");
        try (ChildJvm child = ChildJvm.start(List.of("-Dsun.net.httpserver.maxReqTime=60"), ServerMain.class.getName(),
                temp.resolve("server-stderr.log"), registry.root().toString(), logs.toString())) {
            int port = Integer.parseInt(child.awaitLine("listening ", Duration.ofSeconds(60)).substring("listening ".length()));
            var sockets = new ArrayList<Socket>();
            try {
                for (int i = 0; i < SLOW; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    s.setSoTimeout(15_000);
                    OutputStream out = s.getOutputStream();
                    out.write(("GET /recommend/" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    sockets.add(s);
                }
                long t0 = System.nanoTime();
                RawHttp.Answer health = RawHttp.exchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n", Duration.ofSeconds(15));
                double healthMs = (System.nanoTime() - t0) / 1e6; // reported, never asserted
                assertThat(health.timedOut()).as("/healthz behind %d slow heads: %s", SLOW, health).isFalse();
                assertThat(health.status()).as(health.toString()).isEqualTo(200);
                int answered = 0;
                for (Socket s : sockets) {
                    // finish the head: the connection was waited for, not dropped
                    s.getOutputStream().write("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    RawHttp.Answer a = RawHttp.read(s.getInputStream());
                    assertThat(a.status()).as("slow head %d: %s", answered, a).isEqualTo(200);
                    answered++;
                }
                System.out.printf("SlowHeads: %d slow request heads open, /healthz 200 in %.1f ms, then all %d"
                        + " heads finished and answered 200%n", SLOW, healthMs, answered);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
