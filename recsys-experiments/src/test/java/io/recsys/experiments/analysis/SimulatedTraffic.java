package io.recsys.experiments.analysis;

import io.recsys.core.ModelInfo;
import io.recsys.core.Outcome;
import io.recsys.core.PredictionRecord;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import java.util.SplittableRandom;

/**
 * Users arriving at a canary rollout: each user has a fixed bucket in [0,1) (canary iff below the
 * weight, as the hash bucketing routes), each arm its error rate, conversion rate and latency.
 * Records go through the real {@link RolloutObservations}.
 */
final class SimulatedTraffic {
    /** One arm's behaviour. */
    record ArmModel(double errorRate, double conversionRate, double latencyMs) {
    }

    private final SplittableRandom random;
    private final int population;
    private final ArmModel primary;
    private final ArmModel canary;
    long requests;

    SimulatedTraffic(long seed, int population, ArmModel primary, ArmModel canary) {
        this.random = new SplittableRandom(seed);
        this.population = population;
        this.primary = primary;
        this.canary = canary;
    }

    /** The bucket of a user: a fixed function of the id, as the rollout's hash is. */
    static double bucket(long user) {
        return (new SplittableRandom(user * 0x9E3779B97F4A7C15L).nextLong() >>> 11) / 0x1p53;
    }

    /** {@code users} random users each make one request at the weight; some convert. */
    void run(RolloutObservations obs, int users, double weightPercent) {
        for (int i = 0; i < users; i++) {
            long user = random.nextInt(population);
            boolean isCanary = bucket(user) < weightPercent / 100.0;
            ArmModel m = isCanary ? canary : primary;
            boolean error = random.nextDouble() < m.errorRate();
            double latency = m.latencyMs() * (0.5 + random.nextDouble());
            String version = isCanary ? obs.canaryVersion() : obs.primaryVersion();
            obs.accept(PredictionRecord.builder("r" + requests++, ModelInfo.of("als", version, "abc", "snap", null))
                    .timestamp(0).userId(user).k(10).items(1L).variant(isCanary ? "canary" : "primary")
                    .bucket(bucket(user)).latencyNanos(Math.round(latency * 1e6))
                    .outcome(error ? Outcome.MODEL_ERROR : Outcome.SERVED).build());
            if (!error && random.nextDouble() < m.conversionRate()) {
                obs.onEvent(UserEvent.of(null, user, 1L, UserEventType.CONVERT, 0));
            }
        }
    }
}
