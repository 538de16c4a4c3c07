package io.recsys.examples.server;

import io.recsys.core.RolloutStatus;
import io.recsys.core.serving.RecommendationService;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a replica on the fleet's serving state: every poll interval it reads
 * {@code serving_state.json} (size-bounded and validated, as any registry file) and, when its
 * generation differs from the one applied here, applies it ({@link ServingControl#follow}). A
 * change stored by any replica is therefore served by every healthy replica within one poll
 * interval plus the time to load the new versions. A state that cannot be applied here leaves the
 * current one serving, makes {@code /readyz} answer 503 and shows in the heartbeat; it is retried
 * every {@link #RETRY_EVERY} polls. After each poll the replica writes its heartbeat
 * ({@link FleetHeartbeats}) when it changed, and at least every {@link #HEARTBEAT_EVERY} polls.
 * A lone server is a fleet of one: the same loop runs, and only ever finds its own writes.
 */
final class FleetSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSync.class);
    static final int HEARTBEAT_EVERY = 5;
    static final int RETRY_EVERY = 30;

    /** The fleet as {@code /rollout/status} shows it. */
    record Fleet(String replicaId, long storedGeneration, boolean converged, List<FleetHeartbeats.Heartbeat> replicas) {
    }

    private final String replicaId;
    private final ServingStateStore store;
    private final ServingControl control;
    private final RecommendationService service;
    private final FleetHeartbeats heartbeats;
    private final Duration poll;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private FleetHeartbeats.Heartbeat lastWritten;
    private boolean heartbeatFailing;
    private long polls;
    private volatile String stateError;
    private volatile long storedGeneration;

    FleetSync(String replicaId, ServingStateStore store, ServingControl control, RecommendationService service,
              FleetHeartbeats heartbeats, Duration poll, Clock clock) {
        this.replicaId = replicaId;
        this.store = store;
        this.control = control;
        this.service = service;
        this.heartbeats = heartbeats;
        this.poll = poll;
        this.clock = clock;
        this.storedGeneration = control.generation();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recsys-fleet-sync");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return this replica's id */
    String replicaId() {
        return replicaId;
    }

    /** Starts polling (the first poll at once, so the heartbeat appears as the server starts). */
    void start() {
        timer.scheduleWithFixedDelay(this::pollSafely, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return why this replica is not ready although a model serves (behind the fleet), or null */
    String notReadyReason() {
        String failure = control.failure();
        return failure != null ? "behind the fleet's serving state: " + failure : null;
    }

    /**
     * @return the fleet: every replica's last heartbeat and whether all fresh ones agree with the
     *     stored state. {@code /rollout/status} is public: the heartbeat files are read at most once
     *     per {@link #VIEW_TTL}, however often it is asked.
     */
    Fleet fleet() {
        CachedView c = cached;
        long now = System.nanoTime();
        if (c != null && now - c.atNanos() < VIEW_TTL.toNanos() && c.fleet().storedGeneration() == storedGeneration) {
            return c.fleet();
        }
        Fleet f = readFleet();
        cached = new CachedView(f, now);
        return f;
    }

    private record CachedView(Fleet fleet, long atNanos) {
    }

    static final Duration VIEW_TTL = Duration.ofMillis(250);
    private volatile CachedView cached;

    private Fleet readFleet() {
        long stored = storedGeneration;
        List<FleetHeartbeats.Heartbeat> replicas = heartbeats.read(poll.multipliedBy(3L * HEARTBEAT_EVERY), clock.instant());
        boolean converged = replicas.stream().filter(h -> !Boolean.TRUE.equals(h.stale()))
                .allMatch(h -> h.generation() == stored && h.ready());
        return new Fleet(replicaId, stored, converged, replicas);
    }

    /** Runs one poll now (tests and start-up call it; the timer calls it every interval). */
    synchronized void pollOnce() {
        polls++;
        try {
            long stored = control.pollStored(polls % RETRY_EVERY == 0);
            stateError = null;
            if (stored >= 0) {
                storedGeneration = stored;
            }
        } catch (IOException e) {
            if (stateError == null) {
                LOG.warn("Cannot read the fleet's serving state {}; serving on as is: {}", store.file(), e.getMessage());
            }
            stateError = "serving state unreadable";
        }
        beat();
    }

    private void pollSafely() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            LOG.warn("Fleet poll failed: {}", e.toString());
        } catch (Error e) {
            // a thrown task is never run again: an Error (a load out of memory) must not end the
            // following silently; the next poll retries
            LOG.error("Fleet poll failed", e);
        }
    }

    private void beat() {
        boolean ready = service.isReady();
        RolloutStatus s = ready ? service.rolloutStatus() : null;
        String failure = control.failure();
        String error = failure != null ? failure : stateError;
        var beat = new FleetHeartbeats.Heartbeat(replicaId, control.generation(), s == null ? null : s.primaryVersion(),
                s == null ? null : s.canaryVersion(), s == null ? null : s.strategy(), s == null ? 0 : s.canaryPercentage(),
                ready && failure == null, error, clock.instant().toString(), null);
        if (lastWritten != null && lastWritten.equals(beat.content()) && polls % HEARTBEAT_EVERY != 0) {
            return;
        }
        try {
            heartbeats.write(beat);
            lastWritten = beat.content();
            heartbeatFailing = false;
        } catch (IOException e) {
            if (!heartbeatFailing) {
                LOG.warn("Cannot write the heartbeat of replica {} (the fleet view will miss it): {}", replicaId,
                        e.toString());
            }
            heartbeatFailing = true;
            lastWritten = null;
        }
    }

    /** Stops polling and removes this replica's heartbeat: a stopped replica is no longer in the fleet. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            heartbeats.remove(replicaId);
        } catch (IOException e) {
            LOG.warn("Cannot remove the heartbeat of replica {}: {}", replicaId, e.toString());
        }
    }

    /**
     * @return {@code <host>-<port>}, the host from {@code HOSTNAME} or the local host name, cut to a
     *     valid replica id
     */
    static String defaultReplicaId(java.util.Map<String, String> env, int port) {
        String host = env.get("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "replica";
            }
        }
        String clean = host.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^[^A-Za-z0-9]+", "");
        String suffix = "-" + port;
        clean = clean.isEmpty() ? "replica" : clean;
        return clean.substring(0, Math.min(clean.length(), 64 - suffix.length())) + suffix;
    }
}
