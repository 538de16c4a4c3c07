package io.recsys.core.spi;

import io.recsys.core.InvalidArtifactException;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.Recommender;
import java.io.IOException;

/**
 * Service-provider interface: turns a registered version's artifact directory into a
 * {@link Recommender}. One loader per {@code model_name}; registered in
 * {@code META-INF/services/io.recsys.core.spi.ModelLoader}.
 */
public interface ModelLoader {

    /** @return the {@code model_name} this loader reads, e.g. {@code als} */
    String modelName();

    /**
     * Loads a version. Must not mutate the files.
     *
     * @param version the registered version (metadata and artifact directory)
     * @return the loaded model, ready to serve
     * @throws IOException when the files cannot be read
     * @throws InvalidArtifactException when the files are malformed
     */
    Recommender load(RegisteredVersion version) throws IOException;
}
