package io.recsys.examples.reliability;

import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A server process for shutdown tests: serves a registry on an ephemeral loopback port with a
 * JSON-lines provenance log, prints {@code listening <port>}, and stops gracefully on
 * {@code SIGTERM} ({@link RecsysServer#exitCleanlyOnTermination()}). Exits when its standard input
 * closes, so that it never outlives the test JVM.
 *
 * <p>Arguments: registry directory, provenance log directory.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        RecsysServer server = RecsysServer.start(ServerOptions.builder(Path.of(args[0])).port(0)
                .bindAddress("127.0.0.1").provenanceLog(Path.of(args[1])).build(), Map.of("MODEL_VERSION", "v0.1"));
        server.exitCleanlyOnTermination();
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // keep reading until the parent closes the pipe
                }
            } catch (IOException e) {
                // treated as closed
            }
            System.exit(2);
        }, "stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.out.println("listening " + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
