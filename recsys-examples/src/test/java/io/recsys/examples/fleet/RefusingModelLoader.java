package io.recsys.examples.fleet;

import io.recsys.core.ModelLoadException;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.core.spi.ModelLoader;
import java.io.IOException;

/**
 * Test model type {@code refusing}: popularity files, which a process started with
 * {@code RECSYS_TEST_REFUSE_LOAD=true} cannot load (as a replica short of memory, or missing a
 * plugin, would fail), while every other process loads them. Registered for {@code ServiceLoader}
 * in the test resources.
 */
public final class RefusingModelLoader implements ModelLoader {
    /** The model name this loader reads. */
    public static final String MODEL_NAME = "refusing";
    static final String REFUSE_VARIABLE = "RECSYS_TEST_REFUSE_LOAD";

    /** Creates the loader (used by {@code ServiceLoader}). */
    public RefusingModelLoader() {
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public Recommender load(RegisteredVersion version) throws IOException {
        if ("true".equals(System.getenv(REFUSE_VARIABLE))) {
            throw new ModelLoadException("this replica cannot load " + version.version() + " (test refusal)");
        }
        return new PopularityModelLoader().load(version);
    }
}
