package io.recsys.examples.reliability;

import io.recsys.core.Exclusions;
import io.recsys.core.ModelInfo;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.ScoredItem;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.core.spi.ModelLoader;
import java.io.IOException;
import java.util.List;

/**
 * Test model type {@code failing}: popularity files, scored by the popularity model, except that
 * user {@link #INTERNAL_ERROR_USER} gets the {@code InternalError} the JDK raises when a mapped
 * file is truncated under it, and user {@link #OUT_OF_MEMORY_USER} an {@code OutOfMemoryError}
 * (one request too large for the heap). Registered for {@code ServiceLoader} in the test resources.
 */
public final class FailingModelLoader implements ModelLoader {
    /** The model name this loader reads. */
    public static final String MODEL_NAME = "failing";
    static final long INTERNAL_ERROR_USER = 666;
    static final long OUT_OF_MEMORY_USER = 667;

    /** Creates the loader (used by {@code ServiceLoader}). */
    public FailingModelLoader() {
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public Recommender load(RegisteredVersion version) throws IOException {
        Recommender inner = new PopularityModelLoader().load(version);
        return new Recommender() {
            @Override
            public ModelInfo info() {
                return inner.info();
            }

            @Override
            public List<ScoredItem> recommend(long userId, int k, Exclusions exclusions) {
                if (userId == INTERNAL_ERROR_USER) {
                    throw new InternalError("a fault occurred in an unsafe memory access operation");
                }
                if (userId == OUT_OF_MEMORY_USER) {
                    throw new OutOfMemoryError("Java heap space");
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
