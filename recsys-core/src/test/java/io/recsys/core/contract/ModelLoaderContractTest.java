package io.recsys.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.InvalidArtifactException;
import io.recsys.core.PublishRequest;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.ArtifactDigest;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.spi.ModelLoader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ModelLoader} keeps: a valid model name, a loaded model that knows its
 * version, and typed failures (never a stray runtime exception or error) for damaged artifacts.
 * Extend it and supply a loader and a way to write a small valid model.
 */
public abstract class ModelLoaderContractTest {
    /** Scratch space. */
    @TempDir
    protected Path temp;

    /** The loader under test. */
    protected ModelLoader loader;

    /** A registry in {@link #temp}. */
    protected FileSystemModelRegistry registry;

    /** @return the loader */
    protected abstract ModelLoader createLoader() throws Exception;

    /**
     * Writes the artifact files of a small valid model.
     *
     * @param dir an empty directory
     */
    protected abstract void writeValidModel(Path dir) throws Exception;

    @BeforeEach
    void setUpLoader() throws Exception {
        loader = createLoader();
        registry = new FileSystemModelRegistry(temp.resolve("registry"));
    }

    private RegisteredVersion publish(Path dir) {
        return registry.publish(dir, PublishRequest.builder(loader.modelName()).build());
    }

    private RegisteredVersion publishValid() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("model-" + System.nanoTime()));
        writeValidModel(dir);
        return publish(dir);
    }

    @Test
    void modelName_isAValidRegistryModelName() {
        assertThat(PublishRequest.isValidModelName(loader.modelName())).as(loader.modelName()).isTrue();
    }

    @Test
    void load_ofAValidVersion_knowsItsVersionAndAnswers() throws Exception {
        RegisteredVersion v = publishValid();
        Recommender r = loader.load(v);
        assertThat(r.info().version()).isEqualTo(v.version());
        assertThat(r.info().modelName()).isEqualTo(loader.modelName());
        assertThat(r.itemCount()).isPositive();
        assertThat(r.recommend(Long.MAX_VALUE, 1)).isNotNull();
    }

    @Test
    void load_ofAnEmptyArtifactDirectory_failsTyped() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        RegisteredVersion v = publish(empty);
        assertThatThrownBy(() -> loader.load(v)).isInstanceOfAny(InvalidArtifactException.class, IOException.class);
    }

    @Test
    void load_ofTruncatedFiles_failsTyped() throws Exception {
        RegisteredVersion v = publishValid();
        List<Path> files = ArtifactDigest.files(v.artifactDir());
        Path largest = files.stream().max(Comparator.comparingLong(ModelLoaderContractTest::size)).orElseThrow();
        try (FileChannel ch = FileChannel.open(largest, StandardOpenOption.WRITE)) {
            ch.truncate(Math.max(0, ch.size() / 2 - 1));
        }
        assertThatThrownBy(() -> loader.load(v)).isInstanceOfAny(InvalidArtifactException.class, IOException.class);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
