package io.recsys.examples.server;

import io.recsys.core.RolloutConfig;
import io.recsys.core.RolloutStatus;
import io.recsys.core.RolloutUpdate;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.serving.RecommendationService;
import io.recsys.core.serving.SwitchResult;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator changes to what serves (switches and rollout updates), stored in
 * {@code serving_state.json} that every replica on the same registry follows ({@link FleetSync}).
 * A change is a compare-and-set on the state's generation, under the registry-wide lock (in-process
 * and cross-process): it goes ahead only when the stored generation is the one this server last
 * applied, is applied here (loading its versions), and is stored as the next generation before the
 * lock is released. A change made on another replica and not yet applied here is answered 409
 * {@code state_conflict} with the stored state; the caller retries against the state it now knows.
 * When the write fails the caller gets a 500 {@code state_not_stored}: the change serves here, but
 * the fleet and a restart would not see it, and the operator must know.
 */
final class ServingControl {
    private static final Logger LOG = LoggerFactory.getLogger(ServingControl.class);

    private final RecommendationService service;
    private final ServingStateStore store;
    private final FileSystemModelRegistry lock;
    private final Map<String, String> startedWith;
    // written under this object's lock; read without it by /readyz and the heartbeat, which must
    // not wait for a follow that is loading a large model
    private volatile long generation;
    private long failedGeneration = -1;
    private volatile String failure;
    private volatile FleetSync fleet;

    /** The stored state as a 409 shows it. */
    record StoredState(long generation, String primaryVersion, String strategy, String canaryVersion,
                       double canaryPercentage) {
        static StoredState of(ServingStateStore.Loaded l) {
            RolloutConfig c = l.config();
            return new StoredState(l.generation(), c.primaryVersion().toString(), c.strategy(),
                    c.canaryVersion() == null ? null : c.canaryVersion().toString(), c.canaryPercentage());
        }
    }

    /**
     * @param lock the registry whose lock guards the state file (the state directory's registry)
     * @param startedWith the start-up settings to record ({@link StartupRollout.Outcome#record()}) when
     *     this server stores its start-up state (or the first state of all)
     * @param generation the generation of the state the server started from (0 when none)
     */
    ServingControl(RecommendationService service, ServingStateStore store, FileSystemModelRegistry lock,
                   Map<String, String> startedWith, long generation) {
        this.service = service;
        this.store = store;
        this.lock = lock;
        this.startedWith = Map.copyOf(startedWith);
        this.generation = generation;
    }

    /** @return the previous and new primary version, after a full switch to {@code version} */
    synchronized SwitchResult switchTo(String version) {
        return change(() -> service.switchTo(version), false);
    }

    /** @return the rollout status in force after the update */
    synchronized RolloutStatus updateRollout(RolloutUpdate update) {
        return change(() -> service.updateRollout(update), false);
    }

    /**
     * Stores what serves right after start-up (an explicit setting won over the state, or the
     * environment chose the first state), unless the state moved meanwhile: then {@link FleetSync}
     * follows the newer one.
     */
    synchronized void storeStartup() {
        try {
            change(() -> null, true);
            LOG.info("Stored the start-up serving state as generation {} in {}", generation, store.file());
        } catch (ApiException e) {
            LOG.warn("Start-up serving state not stored ({}): {}", e.error, e.getMessage());
        }
    }

    /** @param sync the loop keeping this replica on the fleet's state (set once the port is known) */
    void attachFleet(FleetSync sync) {
        this.fleet = sync;
    }

    /** @return the fleet as {@code /rollout/status} shows it, or null before the loop runs */
    FleetSync.Fleet fleet() {
        FleetSync f = fleet;
        return f == null ? null : f.fleet();
    }

    /** @return the state file this server follows */
    java.nio.file.Path stateFile() {
        return store.file();
    }

    /** @return the generation of the last state applied here */
    long generation() {
        return generation;
    }

    /** @return why this server does not serve the stored state (a load failure), or null when it does */
    String failure() {
        return failure;
    }

    /**
     * Reads the stored state and applies it when another replica changed it. The read happens
     * under this object's lock, as local changes do, so it can never see a state older than one
     * this server just stored (a read made before a local change and applied after it would undo
     * the change here).
     *
     * @param retry whether to try again a generation that failed before
     * @return the stored state's generation, or -1 when there is no state file
     * @throws IOException when the state file cannot be read or is not a valid state
     */
    synchronized long pollStored(boolean retry) throws IOException {
        Optional<ServingStateStore.Loaded> stored = store.load();
        if (stored.isEmpty()) {
            return -1;
        }
        follow(stored.get(), retry);
        return stored.get().generation();
    }

    /**
     * Applies a stored state that another replica wrote. A state that cannot be applied (a version
     * that does not load here) leaves the current one serving and is reported by {@link #failure()};
     * it is retried when the state changes again or {@code retry} says so.
     *
     * @param retry whether to try again a generation that failed before
     * @return whether anything changed here
     */
    synchronized boolean follow(ServingStateStore.Loaded stored, boolean retry) {
        if (stored.generation() == generation) {
            failure = null;
            failedGeneration = -1;
            return false;
        }
        if (stored.generation() == failedGeneration && !retry) {
            return false;
        }
        try {
            service.setRollout(stored.config());
        } catch (RuntimeException e) {
            failedGeneration = stored.generation();
            // shown on public routes: no paths, no control characters
            failure = "cannot apply generation " + stored.generation() + " (primary " + stored.config().primaryVersion()
                    + "): " + ErrorMapper.withoutPaths(new ApiException(422, "load_failed",
                    Router.sanitize(String.valueOf(e.getMessage())))).getMessage();
            LOG.error("Fleet state generation {} cannot be applied here; still serving generation {}: {}",
                    stored.generation(), generation, e.toString());
            return false;
        }
        LOG.info("Applied fleet state generation {} (was {}): {}", stored.generation(), generation, stored.config().status());
        generation = stored.generation();
        failure = null;
        failedGeneration = -1;
        return true;
    }

    /**
     * Runs {@code apply} under the registry lock if the stored state is the one applied here, then
     * stores the result. A run-time change keeps the stored {@code started_with}: it records what
     * the deployment was last started with, which a change made on any replica must not rewrite
     * (else a replica started with other settings would make a later restart look like a new
     * deployment); a start-up store records this server's own settings.
     */
    private <T> T change(Supplier<T> apply, boolean startup) {
        try {
            return lock.withLock(() -> {
                Optional<ServingStateStore.Loaded> current;
                try {
                    current = store.load();
                } catch (ServingStateStore.CorruptStateException e) {
                    // an unusable file is replaced by the change: that is how an operator repairs it
                    LOG.warn("Replacing the unusable serving state {}: {}", store.file(), e.getMessage());
                    current = Optional.empty();
                }
                if (current.isPresent() && current.get().generation() != generation) {
                    throw new ApiException(409, "state_conflict", "The serving state changed on another replica"
                            + " (stored generation " + current.get().generation() + ", applied here " + generation
                            + "); nothing was changed. Retry against the current state", null, null)
                            .withCurrent(StoredState.of(current.get()));
                }
                T result = apply.get();
                Map<String, String> record = startup ? startedWith
                        : current.map(ServingStateStore.Loaded::startedWith).orElse(startedWith);
                persist(Math.max(generation, current.map(ServingStateStore.Loaded::generation).orElse(0L)) + 1,
                        record == null ? startedWith : record);
                return result;
            });
        } catch (IOException e) {
            LOG.error("Could not take the registry lock for {}: {}", store.file(), e.toString());
            throw new ApiException(503, "state_unavailable", "The serving state could not be locked; nothing was"
                    + " changed (see the server log)");
        }
    }

    /** Called with both locks held, right after the change, so the config read is the one just applied. */
    private void persist(long next, Map<String, String> record) {
        if (!service.isReady()) {
            return;
        }
        try {
            store.save(service.rolloutPolicy().config(), next, record);
            generation = next;
            failure = null;
            failedGeneration = -1;
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not persist serving state (generation {}) to {}: {}", next, store.file(), e.toString());
            throw new ApiException(500, "state_not_stored", "The change is in force but could not be stored durably;"
                    + " it will not survive a restart (see the server log)");
        }
    }
}
