package io.recsys.examples.server;

import java.nio.file.Path;

/**
 * Server settings. Defaults suit a laptop: port 8080 on all interfaces, 2x cores handler threads,
 * 64 KiB request bodies, 100,000 stored traces.
 *
 * @param registry model registry directory
 * @param bindAddress interface to listen on
 * @param port TCP port (0 = any free port)
 * @param threads handler threads
 * @param maxBodyBytes largest accepted request body
 * @param maxK largest {@code k} accepted
 * @param traceCapacity traces kept in memory for {@code /trace/{id}}
 * @param provenanceLog directory for the JSON-lines provenance log, or null for none
 * @param adminKey {@code MODEL_ADMIN_API_KEY}, or null (admin endpoints then answer loopback only)
 * @param imageDigest container image digest for provenance, or null
 * @param resetState ignore the persisted serving state at start-up
 */
public record ServerOptions(
        Path registry,
        String bindAddress,
        int port,
        int threads,
        int maxBodyBytes,
        int maxK,
        int traceCapacity,
        Path provenanceLog,
        String adminKey,
        String imageDigest,
        boolean resetState) {

    /**
     * @param registry model registry directory
     * @return defaults for that registry
     */
    public static ServerOptions defaults(Path registry) {
        return new ServerOptions(registry, "0.0.0.0", 8080, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                64 * 1024, 1000, 100_000, null, null, null, false);
    }

    /** @param value port @return a copy with that port */
    public ServerOptions withPort(int value) {
        return new ServerOptions(registry, bindAddress, value, threads, maxBodyBytes, maxK, traceCapacity, provenanceLog,
                adminKey, imageDigest, resetState);
    }

    /** @param value admin key @return a copy with that key */
    public ServerOptions withAdminKey(String value) {
        return new ServerOptions(registry, bindAddress, port, threads, maxBodyBytes, maxK, traceCapacity, provenanceLog,
                value, imageDigest, resetState);
    }

    /** @param value bind address @return a copy with that address */
    public ServerOptions withBindAddress(String value) {
        return new ServerOptions(registry, value, port, threads, maxBodyBytes, maxK, traceCapacity, provenanceLog,
                adminKey, imageDigest, resetState);
    }

    /** @param value provenance log directory @return a copy with it */
    public ServerOptions withProvenanceLog(Path value) {
        return new ServerOptions(registry, bindAddress, port, threads, maxBodyBytes, maxK, traceCapacity, value,
                adminKey, imageDigest, resetState);
    }

    /** @param value trace capacity @return a copy with it */
    public ServerOptions withTraceCapacity(int value) {
        return new ServerOptions(registry, bindAddress, port, threads, maxBodyBytes, maxK, value, provenanceLog,
                adminKey, imageDigest, resetState);
    }

    /** @param value handler threads @return a copy with it */
    public ServerOptions withThreads(int value) {
        return new ServerOptions(registry, bindAddress, port, value, maxBodyBytes, maxK, traceCapacity, provenanceLog,
                adminKey, imageDigest, resetState);
    }

    /** @param value image digest @return a copy with it */
    public ServerOptions withImageDigest(String value) {
        return new ServerOptions(registry, bindAddress, port, threads, maxBodyBytes, maxK, traceCapacity, provenanceLog,
                adminKey, value, resetState);
    }

    /** @param value ignore persisted state @return a copy with it */
    public ServerOptions withResetState(boolean value) {
        return new ServerOptions(registry, bindAddress, port, threads, maxBodyBytes, maxK, traceCapacity, provenanceLog,
                adminKey, imageDigest, value);
    }
}
