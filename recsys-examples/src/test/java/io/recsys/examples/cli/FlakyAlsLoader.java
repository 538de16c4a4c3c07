package io.recsys.examples.cli;

import io.recsys.core.Exclusions;
import io.recsys.core.ModelInfo;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.ScoredItem;
import io.recsys.core.spi.ModelLoader;
import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Test model type {@code flaky-als}: an ALS artifact scored by the ALS loader, except that every
 * fifth user (id divisible by 5) gets a failure, as a version that cannot load some users' data
 * would. Registered for {@code ServiceLoader} in the test resources.
 */
public final class FlakyAlsLoader implements ModelLoader {
    /** The model name this loader reads. */
    public static final String MODEL_NAME = "flaky-als";

    /** Creates the loader (used by {@code ServiceLoader}). */
    public FlakyAlsLoader() {
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public Recommender load(RegisteredVersion version) throws IOException {
        ModelLoader als = ServiceLoader.load(ModelLoader.class).stream().map(ServiceLoader.Provider::get)
                .filter(l -> "als".equals(l.modelName())).findFirst().orElseThrow();
        Recommender inner = als.load(version);
        return new Recommender() {
            @Override
            public ModelInfo info() {
                return inner.info();
            }

            @Override
            public List<ScoredItem> recommend(long userId, int k, Exclusions exclusions) {
                if (userId >= 200 && userId % 5 == 0) {
                    throw new IllegalStateException("cannot load the items of user " + userId);
                }
                return inner.recommend(userId, k, exclusions);
            }

            @Override
            public boolean knowsUser(long userId) {
                return inner.knowsUser(userId);
            }

            @Override
            public int itemCount() {
                return inner.itemCount();
            }
        };
    }
}
