package io.recsys.examples.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.core.PredictionRecord;
import io.recsys.core.TrainingProfile;
import io.recsys.core.serving.RecommendationService;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.experiments.drift.DriftMonitor;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compares live traffic with the training data of the first model that serves: the requesting
 * users' training activity (its missing ratio is the share of unknown users) and the training
 * popularity of served items. Look-ups follow the current primary model. A provenance sink that
 * forwards records once the monitor exists (it cannot before a model with a training profile serves).
 */
final class DriftWiring implements ProvenanceSink {
    private final AtomicReference<DriftMonitor> drift = new AtomicReference<>();
    private final MeterRegistry meters;
    private volatile RecommendationService service;

    DriftWiring(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void accept(PredictionRecord record) {
        DriftMonitor d = drift.get();
        if (d != null) {
            d.accept(record);
        }
    }

    @Override
    public String name() {
        return "drift";
    }

    /** Starts monitoring now if a model serves, else at the first switch that makes one serve. */
    void attach(RecommendationService serving) {
        this.service = serving;
        startIfServing();
        serving.manager().addSwitchListener(e -> startIfServing());
    }

    private void startIfServing() {
        if (drift.get() != null || !service.isReady()) {
            return;
        }
        var profile = service.manager().state().primary().trainingProfile();
        if (profile.isEmpty()) {
            return;
        }
        synchronized (drift) {
            if (drift.get() != null) {
                return;
            }
            drift.set(DriftMonitor.builder()
                    .numericFeature(DriftMonitor.USER_ACTIVITY, profile.get().userActivity())
                    .numericFeature(DriftMonitor.ITEM_POPULARITY, profile.get().itemPopularity())
                    .userActivity(id -> {
                        TrainingProfile p = currentProfile();
                        return p == null ? Double.NaN : p.userActivity(id);
                    })
                    .itemPopularity(id -> {
                        TrainingProfile p = currentProfile();
                        return p == null ? Double.NaN : p.itemPopularity(id);
                    })
                    .registry(meters)
                    .build());
        }
    }

    /** @return the serving primary's training profile, or null (called per request: no Optional chain) */
    private TrainingProfile currentProfile() {
        return service.isReady() ? service.manager().state().primary().trainingProfile().orElse(null) : null;
    }
}
