package io.recsys.experiments.analysis;

import io.recsys.core.ModelVersion;
import io.recsys.core.PredictionRecord;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventListener;
import io.recsys.core.event.UserEventType;
import io.recsys.core.spi.ProvenanceSink;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the primary and the canary of one rollout did, fed from the serving path (as a
 * {@link ProvenanceSink}) and from feedback (as a {@link UserEventListener}). A request belongs
 * to the arm whose <em>version</em> scored it, so the counts stay right whatever the variant
 * names of the strategy are; shadow scorings and other versions are ignored.
 *
 * <p><b>Users.</b> Users are the unit of randomisation: per user it keeps which arms served them,
 * the arm that served them last, whether they converted in each arm, and the step in which each
 * arm last saw them. A conversion ({@link UserEventType#CONVERT}) counts once per user and arm,
 * for the arm that served the user last. The user table holds at most {@code maxUsers} users
 * (about 64 bytes each); further users are counted as untracked, their requests still count.
 *
 * <p>Thread-safe and lock-free on the request path (adders, a concurrent map, and a small
 * critical section on the user's own entry).
 */
public final class RolloutObservations implements ProvenanceSink, UserEventListener {
    /** Default bound of the user table (about 13 MB). */
    public static final int DEFAULT_MAX_USERS = 200_000;

    private final String primaryVersion;
    private final String canaryVersion;
    private final int maxUsers;
    private final Counters primary = new Counters();
    private final Counters canary = new Counters();
    private final ConcurrentHashMap<Long, UserState> users = new ConcurrentHashMap<>();
    private final AtomicInteger step = new AtomicInteger();
    private final LongAdder untracked = new LongAdder();

    /**
     * @param primaryVersion the primary version
     * @param canaryVersion the canary version, different from the primary
     * @param maxUsers the bound of the user table, &gt; 0
     * @throws IllegalArgumentException when the versions are equal or the bound is not positive
     */
    public RolloutObservations(ModelVersion primaryVersion, ModelVersion canaryVersion, int maxUsers) {
        Objects.requireNonNull(primaryVersion, "primaryVersion");
        Objects.requireNonNull(canaryVersion, "canaryVersion");
        if (primaryVersion.equals(canaryVersion)) {
            throw new IllegalArgumentException("primary and canary are the same version " + primaryVersion);
        }
        if (maxUsers <= 0) {
            throw new IllegalArgumentException("maxUsers must be positive, was " + maxUsers);
        }
        this.primaryVersion = primaryVersion.toString();
        this.canaryVersion = canaryVersion.toString();
        this.maxUsers = maxUsers;
    }

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder exposed = new LongAdder();
        final LongAdder converted = new LongAdder();
        final LongAdder stepUsers = new LongAdder();
        final LatencyHistogram latency = new LatencyHistogram();

        ArmObservation snapshot() {
            long r = requests.sum();
            long e = Math.min(r, errors.sum());
            long x = exposed.sum();
            return new ArmObservation(r, e, x, Math.min(x, converted.sum()), stepUsers.sum(), latency.snapshot());
        }
    }

    /** Per-user flags; guarded by the entry's own monitor. */
    private static final class UserState {
        boolean exposedPrimary;
        boolean exposedCanary;
        boolean convertedPrimary;
        boolean convertedCanary;
        Arm last;
        int stepPrimary = -1;
        int stepCanary = -1;
    }

    /** @return the primary version counted */
    public String primaryVersion() {
        return primaryVersion;
    }

    /** @return the canary version counted */
    public String canaryVersion() {
        return canaryVersion;
    }

    /**
     * Counts one request for the arm whose version scored it.
     *
     * @param record the request's provenance
     */
    @Override
    public void accept(PredictionRecord record) {
        if (record.shadow()) {
            return;
        }
        String version = record.model().version().toString();
        Arm arm = version.equals(canaryVersion) ? Arm.CANARY : version.equals(primaryVersion) ? Arm.PRIMARY : null;
        if (arm == null) {
            return;
        }
        Counters c = counters(arm);
        c.requests.increment();
        if (!record.successful()) {
            c.errors.increment();
        }
        c.latency.record(record.latencyMs());
        UserState u = user(record.userId());
        if (u == null) {
            return;
        }
        int current = step.get();
        synchronized (u) {
            u.last = arm;
            if (arm == Arm.CANARY) {
                if (!u.exposedCanary) {
                    u.exposedCanary = true;
                    c.exposed.increment();
                }
                if (u.stepCanary != current) {
                    u.stepCanary = current;
                    c.stepUsers.increment();
                }
            } else {
                if (!u.exposedPrimary) {
                    u.exposedPrimary = true;
                    c.exposed.increment();
                }
                if (u.stepPrimary != current) {
                    u.stepPrimary = current;
                    c.stepUsers.increment();
                }
            }
        }
    }

    /**
     * Counts a conversion for the arm that served the user last; other event types, unknown users
     * and repeated conversions of a user in the same arm are ignored.
     *
     * @param event the feedback event
     */
    @Override
    public void onEvent(UserEvent event) {
        if (event.type() != UserEventType.CONVERT) {
            return;
        }
        UserState u = users.get(event.userId());
        if (u == null) {
            return;
        }
        synchronized (u) {
            if (u.last == Arm.CANARY && !u.convertedCanary) {
                u.convertedCanary = true;
                canary.converted.increment();
            } else if (u.last == Arm.PRIMARY && !u.convertedPrimary) {
                u.convertedPrimary = true;
                primary.converted.increment();
            }
        }
    }

    /**
     * Starts a new step: the per-step user counts begin again from zero (the weight changed, so
     * the sample-ratio check compares the new step's users with the new weight).
     */
    public synchronized void startStep() {
        step.incrementAndGet();
        primary.stepUsers.reset();
        canary.stepUsers.reset();
    }

    /** @return a consistent-enough snapshot of both arms (each counter read once) */
    public Observation snapshot() {
        return new Observation(primary.snapshot(), canary.snapshot(), untracked.sum());
    }

    /** @return the number of users in the user table */
    public int trackedUsers() {
        return users.size();
    }

    @Override
    public String name() {
        return "rollout-analysis";
    }

    @Override
    public void close() {
        // nothing to release: counts live in memory only
    }

    private Counters counters(Arm arm) {
        return arm == Arm.CANARY ? canary : primary;
    }

    private UserState user(long userId) {
        UserState u = users.get(userId);
        if (u != null) {
            return u;
        }
        if (users.size() >= maxUsers) {
            untracked.increment();
            return null;
        }
        return users.computeIfAbsent(userId, k -> new UserState());
    }
}
