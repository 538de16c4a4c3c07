package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.npy.Npy;
import io.recsys.core.Exclusions;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelInfo;
import io.recsys.core.ModelLoaders;
import io.recsys.core.ModelVersion;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.VersionMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlsModelLoaderTest {
    private static Interactions data;
    private static AlsModel model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        data = SyntheticData.ofShape(150, 120, 3_000).generate();
        model = new AlsTrainer(AlsHyperparameters.builder().factors(8).iterations(3).threads(1).build()).fit(data);
    }

    private static RegisteredVersion version(Path versionDir) {
        var meta = new VersionMetadata("v0.1", "2024-01-01T00:00:00Z", "als", "abc", "data", "", "test", "", 0, Map.of(), null);
        return new RegisteredVersion(new ModelVersion(0, 1), meta, versionDir, versionDir.resolve("als"));
    }

    private Path written() throws IOException {
        Path dir = tmp.resolve("v0.1").resolve("als");
        AlsArtifacts.write(dir, model, Map.of("hr@10", 0.5));
        return dir;
    }

    @Test
    void load_roundTripServesTheSameRecommendations() throws IOException {
        Path dir = written();
        assertThat(dir.resolve("meta.json")).content().contains("\"type\" : \"als\"").contains("\"cg_steps\" : 3")
                .contains("\"hr@10\" : 0.5");
        Recommender loaded = new AlsModelLoader().load(version(dir.getParent()));
        AlsRecommender inMemory = model.toRecommender();
        for (int u = 0; u < data.userCount(); u += 7) {
            long user = data.users().id(u);
            assertThat(loaded.recommend(user, 10)).isEqualTo(inMemory.recommend(user, 10));
            assertThat(loaded.recommend(user, 10, Exclusions.none())).isEqualTo(inMemory.recommend(user, 10, Exclusions.none()));
        }
        assertThat(loaded.recommend(-1, 5)).isEqualTo(inMemory.recommend(-1, 5));
        assertThat(loaded.info().version()).isEqualTo(new ModelVersion(0, 1));
        assertThat(loaded.itemCount()).isEqualTo(data.itemCount());
    }

    @Test
    void write_filesAreNumpyShaped() throws IOException {
        Path dir = written();
        var uf = Npy.read(dir.resolve(AlsArtifacts.USER_FACTORS));
        assertThat(uf.shape()).containsExactly(data.userCount(), 8);
        assertThat(uf.toFloatArray()).isEqualTo(model.userFactors());
        assertThat(Npy.read(dir.resolve(AlsArtifacts.ITEM_IDS)).toLongArray()).isEqualTo(data.items().ids());
        assertThat(Npy.read(dir.resolve(AlsArtifacts.SEEN_INDPTR)).toLongArray()).hasSize(data.userCount() + 1);
        assertThat(Npy.read(dir.resolve(AlsArtifacts.SEEN_INDICES)).toIntArray()).isEqualTo(data.byUser().indices());
        assertThat(Npy.read(dir.resolve(AlsArtifacts.ITEM_POPULARITY)).toLongArray()).isEqualTo(data.itemCounts());
    }

    @Test
    void load_isDiscoveredThroughServiceLoader() throws IOException {
        Path dir = written();
        assertThat(ModelLoaders.discover().modelNames()).contains("als");
        assertThat(ModelLoaders.discover().load(version(dir.getParent())).recommend(data.users().id(0), 3)).hasSize(3);
    }

    @Test
    void load_importedFactorsWithoutOptionalFiles() throws IOException {
        Path dir = tmp.resolve("imported");
        Files.createDirectories(dir);
        // float64 factors and int32 ids, as another tool might write them.
        Npy.write(dir.resolve(AlsArtifacts.USER_FACTORS), new double[] {1, 0, 0, 1}, 2, 2);
        Npy.write(dir.resolve(AlsArtifacts.ITEM_FACTORS), new double[] {0.1, 0.9, 0.8, 0.2, 0.5, 0.5}, 3, 2);
        Npy.write(dir.resolve(AlsArtifacts.USER_IDS), new int[] {7, 8});
        Npy.write(dir.resolve(AlsArtifacts.ITEM_IDS), new long[] {300, 100, 200});
        var info = version(tmp).info();
        AlsRecommender rec = AlsModelLoader.load(dir, info);
        assertThat(rec.recommend(7, 3)).extracting(s -> s.itemId()).containsExactly(100L, 200L, 300L);
        assertThat(rec.recommend(8, 1)).extracting(s -> s.itemId()).containsExactly(300L);
        // No popularity: unknown users get items in id order.
        assertThat(rec.recommend(9, 2)).extracting(s -> s.itemId()).containsExactly(100L, 200L);
    }

    @Test
    void load_truncatedFactorFileNamesTheFile() throws IOException {
        Path dir = written();
        Path file = dir.resolve(AlsArtifacts.ITEM_FACTORS);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> new AlsModelLoader().load(version(dir.getParent())))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("item_factors.npy").hasMessageContaining("truncated");
    }

    @Test
    void load_missingRequiredFileNamesTheFile() throws IOException {
        Path dir = written();
        Files.delete(dir.resolve(AlsArtifacts.USER_IDS));
        assertThatThrownBy(() -> new AlsModelLoader().load(version(dir.getParent())))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("user_ids.npy").hasMessageContaining("missing");
    }

    @Test
    void load_inconsistentFilesRejected() throws IOException {
        Path dir = written();
        Npy.write(dir.resolve(AlsArtifacts.ITEM_IDS), new long[] {1, 2, 3});
        assertThatThrownBy(() -> AlsModelLoader.load(dir, version(tmp).info()))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("item_ids.npy");
        written();
        Npy.write(dir.resolve(AlsArtifacts.SEEN_INDICES), new int[] {0, 1, 999_999});
        assertThatThrownBy(() -> AlsModelLoader.load(dir, version(tmp).info()))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("seen_");
        written();
        Files.delete(dir.resolve(AlsArtifacts.SEEN_INDPTR));
        assertThatThrownBy(() -> AlsModelLoader.load(dir, version(tmp).info()))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("seen_indptr.npy");
        written();
        Files.writeString(dir.resolve(AlsArtifacts.META), "{\"type\": \"popularity\"}");
        assertThatThrownBy(() -> AlsModelLoader.load(dir, version(tmp).info()))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("meta.json");
        written();
        Npy.write(dir.resolve(AlsArtifacts.USER_FACTORS), new float[data.userCount() * 4], data.userCount(), 4);
        assertThatThrownBy(() -> AlsModelLoader.load(dir, version(tmp).info()))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("factors");
    }

    @Test
    void load_modelInfoFromVersion() throws IOException {
        ModelInfo info = new AlsModelLoader().load(version(written().getParent())).info();
        assertThat(info.modelName()).isEqualTo("als");
    }
}
